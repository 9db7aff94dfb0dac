import Foundation
import RehookModel
import RehookSandbox
import Testing

/// `rehook inventory` against a sandbox over loopback HTTP: paging, auth and broken answers.
@Suite struct InventoryCommandTests {
    /// Talkover and Composio accounts large enough that rehook's page size (100) needs several
    /// pages (Talkover: one agent per three webhooks, so 303 webhooks are 101 agents), and one
    /// small account of each other vendor.
    static let pagedFleet: SandboxFixture = {
        let paged = Workspace.fleet([.talkover, .composio], accounts: 1, webhooks: 303...303, seed: 11)
        let small = Workspace.fleet([.argil, .jogg, .heygen], accounts: 2, webhooks: 8...14, seed: 12)
        return SandboxFixture(accounts: paged.accounts + small.accounts)
    }()

    @Test func jsonInventoryMatchesTheSandboxAcrossPages() async throws {
        try await Workspace.withSandbox(Self.pagedFleet) { workspace in
            let result = try await workspace.rehook(["inventory", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let inventory = try InventoryDocument(json: result.stdout)
            #expect(inventory.format == "rehook-inventory")
            let state = try await workspace.sandboxState()
            let stored = state.webhooksByKey
            let listed = inventory.webhooksByKey
            #expect(Set(listed.keys) == Set(stored.keys))
            #expect(listed.count == inventory.accounts.flatMap(\.webhooks).count, "a webhook was listed twice")
            for (key, webhook) in stored {
                guard let read = listed[key] else { continue }
                #expect(read.url == webhook.url, "\(key)")
                #expect(read.events.names.map(Set.init) == webhook.events.map(Set.init), "\(key)")
            }
            let talkover = try #require(state.accounts.first { $0.vendor == .talkover })
            #expect(talkover.agents.count > 100)
            let composio = try #require(state.accounts.first { $0.vendor == .composio })
            #expect(composio.webhooks.count > 200)
            let heygenAll = stored.filter { $0.key.vendor == .heygen && $0.value.events == nil }.map(\.key)
            #expect(!heygenAll.isEmpty, "the fleet should have HeyGen endpoints on all events")
            for key in heygenAll { #expect(listed[key]?.events == .all, "\(key)") }
        }
    }

    @Test(arguments: VendorID.allCases)
    func wrongKeyIsA401NamingVendorAndAccountWithoutTheKey(_ vendor: VendorID) async throws {
        let fixture = Workspace.fleet([vendor], accounts: 1, webhooks: 2...2)
        try await Workspace.withSandbox(fixture) { workspace in
            let account = try #require(workspace.sandbox?.accounts.first)
            let wrongKey = "wrong-key-\(UUID().uuidString)"
            let result = try await workspace.rehook(["inventory"],
                                                    environment: [RunningSandbox.keyVariable(for: account): wrongKey])
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(vendor.displayName) account '\(account.name)'"), "\(result.stderr)")
            #expect(result.stderr.contains("(the API key from environment variable \(RunningSandbox.keyVariable(for: account)) was refused)"),
                    "\(result.stderr)")
            // JoggAI answers a refused key with HTTP 200 and code 10105, HeyGen with its code 400112.
            let refusal: [VendorID: String] = [.jogg: "code 10105", .heygen: "code 400112"]
            #expect(result.stderr.contains(refusal[vendor] ?? "401"), "\(result.stderr)")
            #expect(!result.allOutput.contains(wrongKey))
            #expect(!result.allOutput.contains(account.key))
        }
    }

    /// A list path answered with something that is not the vendor's JSON.
    struct BrokenAnswer: Sendable, CustomTestStringConvertible {
        var vendor: VendorID
        var path: String
        var contentType: String
        var body: String
        var expected: String

        var testDescription: String { "\(vendor): \(expected)" }
    }

    static let brokenAnswers = [
        BrokenAnswer(vendor: .argil, path: "/argil/v1/webhooks", contentType: "text/html",
                     body: "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
                     expected: "HTML page instead of JSON"),
        BrokenAnswer(vendor: .heygen, path: "/heygen/v1/webhook/endpoint.list", contentType: "application/json",
                     body: #"{"code":100,"data":{"endpoints":[{"endpoint_id":"ep_1","url":"https://a.dev"#,
                     expected: "not valid JSON"),
        BrokenAnswer(vendor: .composio, path: "/composio/api/v3/webhook_subscriptions", contentType: "application/json",
                     body: #"{"items": "none", "next_cursor": null}"#, expected: "items"),
    ]

    @Test(arguments: brokenAnswers)
    func brokenListAnswerFailsNamingVendorAccountAndProblem(_ answer: BrokenAnswer) async throws {
        let fixture = Workspace.fleet([answer.vendor], accounts: 1, webhooks: 2...2)
        let server = try await BrokenVendorServer.start(path: answer.path, contentType: answer.contentType, body: answer.body)
        do {
            try await Workspace.withSandbox(fixture) { workspace in
                let account = try #require(workspace.sandbox?.accounts.first)
                let base = server.rootURL + Sandbox.pathPrefix(for: answer.vendor)
                let result = try await workspace.rehook(["inventory"],
                                                        environment: [answer.vendor.baseURLOverrideVariable: base])
                #expect(result.status == 1)
                #expect(result.stderr.contains("\(answer.vendor.displayName) account '\(account.name)'"), "\(result.stderr)")
                #expect(result.stderr.contains(answer.expected), "\(result.stderr)")
                #expect(!result.allOutput.contains("Fatal error"))
            }
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}

/// Reads survive the faults vendors really have: a listing that meets a 5xx or a dropped
/// connection is retried, so a plan is not lost to one bad response.
@Suite struct InventoryRetryTests {
    @Test func inventorySurvivesInjectedFaults() async throws {
        let fixture = Workspace.fleet(VendorID.allCases, accounts: 2, webhooks: 6...10, seed: 21)
        var options = SandboxOptions()
        options.faults = SandboxFaults(failRate: 0.2, dropRate: 0.05)
        options.randomSeed = 5
        try await Workspace.withSandbox(fixture, options: options) { workspace in
            let result = try await workspace.rehook(["inventory", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let inventory = try InventoryDocument(json: result.stdout)
            let state = try await workspace.sandboxState()
            #expect(Set(inventory.webhooksByKey.keys) == Set(state.webhooksByKey.keys))
            let stats = try #require(await workspace.sandbox?.stats())
            let failures = VendorID.allCases.reduce(0) { $0 + stats[$1].totals.serverErrors + stats[$1].totals.dropped }
            #expect(failures > 0, "the sandbox should have injected faults for this test to mean anything")
        }
    }
}
