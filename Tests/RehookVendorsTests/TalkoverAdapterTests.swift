import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("Talkover adapter")
struct TalkoverAdapterTests {
    let base = AdapterHarness.base
    let agent = TalkoverFixtures.agentID
    let hook = TalkoverFixtures.webhookID

    var live: Webhook {
        Webhook(vendor: .talkover, account: "acct", id: hook, parentID: agent, url: "https://old.acme.com/t",
                events: .list(["event_phone_call_started"]), enabled: true,
                extras: [.agentName: .string("Support line"), .name: .string("CRM"), .timeout: .int(30)])
    }

    private func scriptTwoAgentPages(_ transport: ScriptedTransport) async {
        await transport.reply(.get, "\(base)/agents?page=1&per_page=100",
                              body: TalkoverFixtures.agentsPage(1, of: 2, agents: [("ag1", "Support line"), ("ag2", "Sales")]))
        await transport.reply(.get, "\(base)/agents?page=2&per_page=100",
                              body: TalkoverFixtures.agentsPage(2, of: 2, agents: [("ag3", "Billing")]))
        await transport.reply(.get, "\(base)/agents/ag1/webhooks", body: TalkoverFixtures.webhooks(agent: "ag1", ids: ["w1", "w2"]))
        await transport.reply(.get, "\(base)/agents/ag2/webhooks", body: TalkoverFixtures.webhooks(agent: "ag2", ids: []))
        await transport.reply(.get, "\(base)/agents/ag3/webhooks", body: TalkoverFixtures.webhooks(agent: "ag3", ids: ["w3"]))
    }

    @Test("lists agents over two pages, then each agent's webhooks")
    func listsAcrossPages() async throws {
        let harness = AdapterHarness(.talkover)
        await scriptTwoAgentPages(harness.transport)
        let webhooks = try await harness.adapter.listWebhooks()
        #expect(webhooks.map(\.id) == ["w1", "w2", "w3"])
        #expect(webhooks.map(\.parentID) == ["ag1", "ag1", "ag3"])
        #expect(webhooks.map { $0.extras[.agentName] } == [.string("Support line"), .string("Support line"), .string("Billing")])
        let first = try #require(webhooks.first)
        #expect(first.extras[.name] == .string("CRM sync w1"))
        #expect(first.extras[.timeout] == .int(30))
        #expect(first.extras[.maxRetries] == .int(3))
        #expect(first.enabled == true)
        let requests = await harness.transport.requests
        #expect(requests.count == 5)
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer test-key-0123456789" })
    }

    @Test("the event catalogue is the union of every agent's available_events")
    func catalogue() async throws {
        let harness = AdapterHarness(.talkover)
        await scriptTwoAgentPages(harness.transport)
        #expect(try await harness.adapter.eventCatalogue() == ["event_phone_call_started", "event_conversation_started"])
    }

    @Test("a catalogue asked for after a listing comes from that listing: no agent is listed twice")
    func catalogueReusesTheListing() async throws {
        let harness = AdapterHarness(.talkover)
        await scriptTwoAgentPages(harness.transport)
        _ = try await harness.adapter.listWebhooks()
        #expect(try await harness.adapter.eventCatalogue() == ["event_phone_call_started", "event_conversation_started"])
        #expect(await harness.transport.requests.count == 5, "2 agent pages + 3 agents, once")
    }

    @Test("a vendor that never stops paging is cut off with a clear error")
    func endlessPaging() async throws {
        let harness = AdapterHarness(.talkover)
        for page in 1...VendorAdapters.pageLimit {
            await harness.transport.reply(.get, "\(base)/agents?page=\(page)&per_page=100",
                                          body: TalkoverFixtures.agentsPage(page, of: page + 1, agents: []))
        }
        let error = await harness.expectError { _ = try await harness.adapter.listWebhooks() }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message == "still paging after \(VendorAdapters.pageLimit) pages; giving up")
    }

    @Test("PUT sends only the changed fields, native names, headers as {key, value}, secret resolved")
    func updateBody() async throws {
        let harness = AdapterHarness(.talkover)
        await harness.transport.reply(.put, "\(base)/agents/\(agent)/webhooks/\(hook)", body: TalkoverFixtures.updated)
        let changes: [FieldName: FieldValue] = [
            .timeout: .int(45), .maxRetries: .int(5), .enabled: .bool(false),
            .secret: .secret(.environment("NEW_SECRET")),
            .headers: .strings(["X-Team: growth", "Authorization:Bearer abc"]),
        ]
        let updated = try await harness.adapter.update(live, changes: changes,
                                                       secrets: FixedSecrets(values: ["NEW_SECRET": "s3cr3t-value"]))
        let request = try await harness.onlyRequest()
        #expect(request.method == .put)
        #expect(bodyText(request) == #"{"enabled":false,"webhook_secret":"s3cr3t-value","timeout":45,"max_retries":5,"#
                + #""custom_headers":[{"key":"X-Team","value":"growth"},{"key":"Authorization","value":"Bearer abc"}]}"#)
        #expect(updated.url == "https://newexample.com/webhook")
        #expect(updated.extras[.timeout] == .int(45))
        #expect(updated.extras[.agentName] == .string("Support line"))
        #expect(updated.parentID == agent)
        #expect(!String(describing: updated).contains("s3cr3t"))
    }

    @Test("a secret that cannot be resolved is an invalid request, sent nowhere")
    func missingSecret() async throws {
        let harness = AdapterHarness(.talkover)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.secret: .secret(.environment("NOPE"))],
                                                 secrets: FixedSecrets())
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message == #"cannot read secret env("NOPE"): environment variable NOPE is not set"#)
        #expect(await harness.transport.requests.isEmpty)
    }

    @Test("a malformed header line is refused")
    func badHeader() async throws {
        let harness = AdapterHarness(.talkover)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.headers: .strings(["no colon"])], secrets: FixedSecrets())
        }
        #expect(error?.message == #"header "no colon" is not of the form "Name: value""#)
    }

    @Test("422 field errors are folded into the message")
    func validation() async throws {
        let harness = AdapterHarness(.talkover)
        await harness.transport.reply(.put, "\(base)/agents/\(agent)/webhooks/\(hook)", status: 422,
                                      body: TalkoverFixtures.validation)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.url: .string("bad")], secrets: FixedSecrets())
        }
        #expect(error?.kind == .rejected(status: 422))
        #expect(error?.message == "HTTP 422: The given data was invalid.; "
                + "events: The events field must contain at least 1 items.; "
                + "webhook_url: The webhook url must be a valid URL.")
    }

    @Test("401 and 404 read the vendor's message", arguments: [
        (401, TalkoverFixtures.unauthorized, VendorError.Kind.unauthorized,
         "HTTP 401: Missing Bearer Token (the API key from environment variable TALKOVER_API_TOKEN was refused)"),
        (404, TalkoverFixtures.agentNotFound, .notFound, "HTTP 404: Agent not found in this environment."),
        (404, TalkoverFixtures.webhookNotFound, .notFound, "HTTP 404: Webhook not found."),
    ])
    func errors(status: Int, body: String, kind: VendorError.Kind, message: String) async throws {
        let harness = AdapterHarness(.talkover)
        await harness.transport.reply(.put, "\(base)/agents/\(agent)/webhooks/\(hook)", status: status, body: body)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.name: .string("n")], secrets: FixedSecrets())
        }
        #expect(error?.kind == kind)
        #expect(error?.message == message)
    }

    @Test("a secret echoed back in an error message is scrubbed")
    func scrubsEchoedSecret() async throws {
        let harness = AdapterHarness(.talkover)
        await harness.transport.reply(.put, "\(base)/agents/\(agent)/webhooks/\(hook)", status: 422,
                                      body: #"{"message": "bad", "errors": {"webhook_secret": ["s3cr3t-value is too weak"]}}"#)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.secret: .secret(.environment("S"))],
                                                 secrets: FixedSecrets(values: ["S": "s3cr3t-value"]))
        }
        #expect(error?.message == "HTTP 422: bad; webhook_secret: <redacted> is too weak")
    }
}
