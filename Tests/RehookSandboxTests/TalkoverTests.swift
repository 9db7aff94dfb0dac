import RehookModel
import Testing
@testable import RehookSandbox

@Suite struct TalkoverWireTests {
    @Test func agentsArePagedWithMeta() async throws {
        try await SandboxHarness.with(webhooks: 40) { harness in
            let agents = try await harness.account(.talkover).agents
            #expect(agents.count > 10, "the fleet must need more than one default page")
            var seen: [String] = []
            var page = 1
            while true {
                let response = try await harness.send(.talkover, .GET, "/agents?page=\(page)")
                #expect(response["success"] == true)
                let meta = try #require(response["meta"])
                #expect(meta["per_page"] == 10)
                #expect(meta["total"]?.intValue == agents.count)
                seen += response["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                guard let current = meta["current_page"]?.intValue, let last = meta["last_page"]?.intValue,
                      current < last else { break }
                page += 1
            }
            #expect(page == 2)
            #expect(seen == agents.map(\.id))
            let small = try await harness.send(.talkover, .GET, "/agents?page=2&per_page=5")
            #expect(small["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == agents[5..<10].map(\.id))
        }
    }

    @Test func webhooksListShowsAvailableEventsButNeverHiddenFields() async throws {
        try await SandboxHarness.with(webhooks: 3) { harness in
            let agent = try await harness.account(.talkover).agents[0]
            let response = try await harness.send(.talkover, .GET, "/agents/\(agent.id)/webhooks")
            #expect(response["success"] == true)
            let available = try #require(response["data"]?["available_events"]?.objectValue)
            #expect(available["event_phone_call_started"] != nil)
            let webhooks = try #require(response["data"]?["webhooks"]?.arrayValue)
            #expect(webhooks.count == agent.webhooks.count)
            for webhook in webhooks {
                let keys = Set(webhook.objectValue?.keys.map { $0 } ?? [])
                #expect(keys.isDisjoint(with: ["webhook_secret", "secret", "http_method", "authorization_scheme",
                                               "custom_headers", "payload_templates"]))
                #expect(keys.isSuperset(of: ["id", "agent_id", "name", "webhook_url", "events", "timeout",
                                             "max_retries", "enabled", "events_count", "status"]))
            }
        }
    }

    @Test func partialUpdateIsAppliedListedAndKeepsTheSecret() async throws {
        try await SandboxHarness.with { harness in
            let agent = try await harness.account(.talkover).agents[0]
            let before = agent.webhooks[0]
            let body: JSONValue = ["timeout": 45, "max_retries": 5, "webhook_secret": "s3cret-value",
                                   "http_method": "PATCH", "custom_headers": [["key": "X-Team", "value": "ops"]]]
            let response = try await harness.send(.talkover, .PUT, "/agents/\(agent.id)/webhooks/\(before.id)", body: body)
            #expect(response.status == 200)
            #expect(response["message"] == "Webhook updated successfully")
            let listed = try await harness.send(.talkover, .GET, "/agents/\(agent.id)/webhooks")["data"]?["webhooks"]?
                .arrayValue?.first { $0["id"]?.stringValue == before.id }
            #expect(listed?["timeout"] == 45)
            #expect(listed?["max_retries"] == 5)
            #expect(listed?["webhook_url"]?.stringValue == before.url, "fields not sent stay as they were")
            let stored = try #require(await harness.sandbox.state.webhook(vendor: .talkover, account: "acme-prod", id: before.id))
            #expect(stored.secret == "s3cret-value")
            #expect(stored.httpMethod == "PATCH")
            #expect(stored.customHeaders == [SandboxHeader(key: "X-Team", value: "ops")])
            #expect(!stored.description.contains("s3cret-value"))
        }
    }

    @Test func missingAndWrongTokensGetTalkoversUnauthorizedShape() async throws {
        try await SandboxHarness.with { harness in
            let missing = try await harness.send(.talkover, .GET, "/agents", key: nil)
            #expect(missing.status == 401)
            #expect(missing.json == ["message": "Missing Bearer Token"])
            let wrong = try await harness.send(.talkover, .GET, "/agents", key: "sbx-talkover-nobody")
            #expect(wrong.status == 401)
            #expect(wrong["message"]?.stringValue != nil)
        }
    }

    @Test func unknownAgentAndWebhookGetTalkoversNotFoundShape() async throws {
        try await SandboxHarness.with { harness in
            let agent = try await harness.account(.talkover).agents[0]
            let noAgent = try await harness.send(.talkover, .GET, "/agents/no-agent/webhooks")
            #expect(noAgent.status == 404)
            #expect(noAgent.json == ["success": false, "message": "Agent not found in this environment."])
            let noWebhook = try await harness.send(.talkover, .PUT, "/agents/\(agent.id)/webhooks/no-webhook",
                                                   body: ["timeout": 30])
            #expect(noWebhook.status == 404)
            #expect(noWebhook.json == ["success": false, "message": "Webhook not found."])
        }
    }

    static let invalidBodies: [(JSONValue, String)] = [
        (["timeout": 200], "timeout"),
        (["timeout": 4], "timeout"),
        (["max_retries": 11], "max_retries"),
        (["http_method": "GET"], "http_method"),
        (["authorization_scheme": "oauth"], "authorization_scheme"),
        (["events": []], "events"),
        (["events": ["event_phone_call_started", "event_not_real"]], "events.1"),
        (["webhook_url": .string("https://hooks.acme.dev/" + String(repeating: "a", count: 480))], "webhook_url"),
        (["webhook_url": "not a url"], "webhook_url"),
        (["name": .string(String(repeating: "n", count: 256))], "name"),
        (["enabled": "yes"], "enabled"),
        (["custom_headers": [["key": "X-Team"]]], "custom_headers.0.value"),
    ]

    @Test(arguments: invalidBodies)
    func rejectsWhatTalkoverRejects(_ body: JSONValue, _ field: String) async throws {
        try await SandboxHarness.with { harness in
            let agent = try await harness.account(.talkover).agents[0]
            let webhook = agent.webhooks[0]
            let response = try await harness.send(.talkover, .PUT, "/agents/\(agent.id)/webhooks/\(webhook.id)", body: body)
            #expect(response.status == 422)
            #expect(response["message"] == "The given data was invalid.")
            let messages = try #require(response["errors"]?[field]?.stringArrayValue, "errors has no \(field)")
            #expect(!messages.isEmpty)
            #expect(await harness.sandbox.state.webhook(vendor: .talkover, account: "acme-prod", id: webhook.id) == webhook)
        }
    }
}
