import Foundation
import RehookModel
import Testing
@testable import RehookSandbox

@Suite struct StateTests {
    static func temporaryFile() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("sandbox.json")
    }

    @Test func exportThenImportRoundTripsChangedStateThroughAFile() async throws {
        let file = try Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let exported = try await SandboxHarness.with { harness in
            let agent = try await harness.account(.talkover).agents[0]
            _ = try await harness.send(.talkover, .PUT, "/agents/\(agent.id)/webhooks/\(agent.webhooks[0].id)",
                                       body: ["webhook_secret": "kept-in-the-file", "payload_templates": ["x": ["a": 1]]])
            let fixture = await harness.sandbox.state.export()
            try fixture.write(to: file)
            return fixture
        }
        let reloaded = try SandboxFixture.load(from: file)
        #expect(reloaded == exported)
        try await SandboxHarness.with(SandboxOptions(seed: .file(file))) { harness in
            #expect(await harness.sandbox.state.export() == exported)
            let webhook = try #require(exported.accounts.first { $0.vendor == .talkover }?.agents.first?.webhooks.first)
            let restored = await harness.sandbox.state.webhook(vendor: .talkover, account: "acme-prod", id: webhook.id)
            #expect(restored?.secret == "kept-in-the-file")
            #expect(restored?.payloadTemplates == ["x": ["a": 1]])
        }
    }

    @Test func adminStateEndpointExportsAndImports() async throws {
        try await SandboxHarness.with { harness in
            let data = try await harness.rawAdmin("state")
            let viaHTTP = try SandboxFixture.decode(data, source: "GET /_sandbox/state")
            #expect(viaHTTP == (await harness.sandbox.state.export()))
            var smaller = viaHTTP
            smaller.accounts.removeAll { $0.vendor != .argil }
            let text = String(decoding: smaller.encodedJSON(), as: UTF8.self)
            let put = try await harness.admin(.PUT, "state", body: text)
            #expect(put.status == 200)
            #expect(await harness.sandbox.state.export() == smaller)
            let gone = try await harness.send(.jogg, .GET, "/v2/endpoints")
            #expect(gone["code"] == 10105, "the imported state has no Jogg account")
        }
    }

    @Test func adminPatchChangesAWebhookBehindTheClientsBack() async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.heygen).webhooks[0].id
            let patched = try await harness.admin(.PATCH, "webhooks/heygen/acme-prod/\(id)",
                                                  body: #"{"url": "https://changed.example.com/h", "enabled": false}"#)
            #expect(patched.status == 200)
            let listed = try await harness.send(.heygen, .GET, "/v1/webhook/endpoint.list")["data"]?.arrayValue?
                .first { $0["endpoint_id"]?.stringValue == id }
            #expect(listed?["url"] == "https://changed.example.com/h")
            #expect(listed?["status"] == "disabled")
            let missing = try await harness.admin(.PATCH, "webhooks/heygen/acme-prod/none", body: #"{"url": "x"}"#)
            #expect(missing.status == 404)
            #expect(await harness.sandbox.stats().counters(.heygen, "acme-prod").writes == 0)
        }
    }

    @Test func modifyWebhookActorMethodThrowsForUnknownWebhooks() async throws {
        let state = SandboxState(SandboxFleet(accountsPerVendor: 1, webhooksPerAccount: 1...1).makeFixture())
        await #expect(throws: SandboxError.unknownWebhook(vendor: .argil, account: "acme-prod", id: "nope")) {
            try await state.modifyWebhook(vendor: .argil, account: "acme-prod", id: "nope", SandboxWebhookPatch(url: "x"))
        }
    }

    @Test func statsEndpointAndSummaryReportPerAccountCounts() async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.composio).webhooks[0].id
            _ = try await harness.send(.composio, .GET, "/api/v3/webhook_subscriptions")
            _ = try await harness.send(.composio, .PATCH, "/api/v3/webhook_subscriptions/\(id)", body: ["version": "V1"])
            _ = try await harness.send(.composio, .PATCH, "/api/v3/webhook_subscriptions/\(id)", body: ["version": "V9"])
            let stats = try await harness.admin(.GET, "stats")
            let counters = try #require(stats["vendors"]?["composio"]?["accounts"]?["acme-prod"])
            #expect(counters["requests"] == 3)
            #expect(counters["writes"] == 1)
            #expect(counters["rejected"] == 1)
            #expect(stats["vendors"]?["composio"]?["totals"]?["requests"] == 3)
            let summary = await harness.sandbox.stats().summary
            #expect(summary.contains("composio  acme-prod"))
            #expect(summary.split(separator: "\n").count == 2)
        }
    }

    static let brokenFixtures: [(String, String)] = [
        ("not JSON", "{"),
        ("wrong format", #"{"format": "other", "accounts": []}"#),
        ("duplicate key", #"{"accounts": [{"vendor": "argil", "name": "a", "key": "k"}, {"vendor": "argil", "name": "b", "key": "k"}]}"#),
        ("unknown vendor", #"{"accounts": [{"vendor": "slack", "name": "a", "key": "k"}]}"#),
        ("duplicate webhook", #"{"accounts": [{"vendor": "jogg", "name": "a", "key": "k", "webhooks": [{"id": "1", "url": "u"}, {"id": "1", "url": "v"}]}]}"#),
        ("agents outside Talkover", #"{"accounts": [{"vendor": "jogg", "name": "a", "key": "k", "agents": [{"id": "1", "name": "n"}]}]}"#),
    ]

    @Test(arguments: brokenFixtures)
    func brokenFixturesAreRejectedWithTheSourceNamed(_ label: String, _ text: String) {
        #expect(throws: SandboxError.self, "\(label)") { try SandboxFixture.decode(Data(text.utf8), source: "fixture.json") }
        do {
            _ = try SandboxFixture.decode(Data(text.utf8), source: "fixture.json")
        } catch {
            #expect("\(error)".contains("fixture.json"))
        }
    }

    @Test func handWrittenFixtureFillsDefaults() throws {
        let text = #"{"accounts": [{"vendor": "heygen", "name": "solo", "key": "k1", "webhooks": [{"id": "e1", "url": "https://x.example.com"}]}]}"#
        let fixture = try SandboxFixture.decode(Data(text.utf8), source: "inline")
        let webhook = try #require(fixture.accounts.first?.webhooks.first)
        #expect(webhook.events == nil, "absent events mean all events")
        #expect(webhook.enabled)
        #expect(webhook.createdAt == SandboxWebhook.defaultCreatedAt)
        #expect(fixture.accounts.first?.eventCatalogue == SandboxCatalogue.heygen)
    }

    @Test func portAlreadyInUseIsAClearStartError() async throws {
        try await SandboxHarness.with { first in
            var options = SandboxOptions(seed: .empty)
            options.port = first.sandbox.port
            await #expect(throws: SandboxError.self) { _ = try await Sandbox.start(options) }
        }
    }
}

@Suite struct EnvironmentTests {
    @Test func exportsPointEveryVendorAtItsPrefixAndNameEveryAccountKey() async throws {
        try await SandboxHarness.with(accounts: 2, webhooks: 1) { harness in
            let sandbox = harness.sandbox
            let environment = sandbox.environment
            #expect(environment["REHOOK_TALKOVER_URL"] == "http://127.0.0.1:\(sandbox.port)/talkover/api/v1")
            #expect(environment["REHOOK_ARGIL_URL"] == "http://127.0.0.1:\(sandbox.port)/argil/v1")
            #expect(environment["REHOOK_JOGG_URL"] == sandbox.baseURL(for: .jogg))
            #expect(environment["TALKOVER_API_TOKEN"] == "sbx-talkover-acme-prod")
            #expect(environment["REHOOK_SANDBOX_KEY_HEYGEN_ACME_STAGING"] == "sbx-heygen-acme-staging")
            #expect(sandbox.shellExports.split(separator: "\n").count == environment.count)
            #expect(sandbox.shellExports.contains("export COMPOSIO_API_KEY='sbx-composio-acme-prod'"))
        }
    }
}

@Suite struct PortsAndLoadTests {
    @Test func portPerVendorServesEachVendorAloneAndTheExportsPointThere() async throws {
        var options = SandboxOptions(seed: .fleet(SandboxFleet(accountsPerVendor: 1, webhooksPerAccount: 2...2, seed: 7)))
        options.portPerVendor = true
        try await SandboxHarness.with(options) { harness in
            let sandbox = harness.sandbox
            let ports = Sandbox.fakedVendors.map { sandbox.vendorPorts[$0] }
            #expect(!ports.contains(nil))
            #expect(Set(ports.compactMap { $0 } + [sandbox.port]).count == ports.count + 1, "one port each, and the main one")
            #expect(sandbox.environment["REHOOK_JOGG_URL"] == "http://127.0.0.1:\(sandbox.vendorPorts[.jogg] ?? 0)/jogg")
            let listed = try await harness.send(.jogg, .GET, "/v2/endpoints")
            #expect(listed.status == 200)
            #expect(await sandbox.stats().counters(.jogg, sandbox.accounts.first { $0.vendor == .jogg }?.name ?? "").requests == 1)
        }
    }

    @Test func statsReportThePeakOfRequestsInFlight() async throws {
        var options = SandboxOptions(seed: .fleet(SandboxFleet(accountsPerVendor: 1, webhooksPerAccount: 1...1, seed: 7)))
        options.latency = .milliseconds(300)
        try await SandboxHarness.with(options) { harness in
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<5 { group.addTask { _ = try? await harness.send(.argil, .GET, "/webhooks") } }
            }
            let stats = await harness.sandbox.stats()
            #expect(stats.peakInFlight >= 2, "5 requests with 300 ms each overlap")
            #expect(stats.peakInFlight <= 5)
        }
    }
}
