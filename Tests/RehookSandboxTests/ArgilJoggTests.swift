import RehookModel
import Testing
@testable import RehookSandbox

@Suite struct ArgilWireTests {
    @Test func listIsABareArrayOfWebhooks() async throws {
        try await SandboxHarness.with(webhooks: 4) { harness in
            let response = try await harness.send(.argil, .GET, "/webhooks")
            #expect(response.status == 200)
            let items = try #require(response.json.arrayValue)
            #expect(items.count == 4)
            let stored = try await harness.account(.argil).webhooks
            #expect(items.compactMap { $0["id"]?.stringValue } == stored.map(\.id))
            #expect(items.allSatisfy { $0["callbackUrl"]?.stringValue != nil && $0["createdAt"] != nil })
        }
    }

    @Test func validUpdateIsAppliedAndListed() async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.argil).webhooks[0].id
            let body: JSONValue = ["callbackUrl": "https://hooks.acme.dev/argil", "events": ["VIDEO_GENERATION_FAILED"]]
            let response = try await harness.send(.argil, .PUT, "/webhooks/\(id)", body: body)
            #expect(response.status == 200)
            #expect(response["callbackUrl"] == "https://hooks.acme.dev/argil")
            #expect(response["createAt"] != nil, "the update response spells createAt, as Argil's page shows")
            let listed = try await harness.send(.argil, .GET, "/webhooks").json.arrayValue?.first { $0["id"]?.stringValue == id }
            #expect(listed?["callbackUrl"] == "https://hooks.acme.dev/argil")
            #expect(listed?["events"] == ["VIDEO_GENERATION_FAILED"])
            #expect(await harness.sandbox.stats().counters(.argil, "acme-prod").writes == 1)
        }
    }

    @Test func wrongKeyGetsArgilsUnauthorizedShape() async throws {
        try await SandboxHarness.with { harness in
            let response = try await harness.send(.argil, .GET, "/webhooks", key: "sbx-argil-nobody")
            #expect(response.status == 401)
            #expect(response["code"] == 401)
            #expect(response["message"]?.stringValue != nil)
            #expect(await harness.sandbox.stats()[.argil].unauthorized == 1)
        }
    }

    @Test func unknownWebhookGetsArgilsNotFoundShape() async throws {
        try await SandboxHarness.with { harness in
            let body: JSONValue = ["callbackUrl": "https://hooks.acme.dev/a", "events": ["AVATAR_TRAINING_SUCCESS"]]
            let response = try await harness.send(.argil, .PUT, "/webhooks/no-such-id", body: body)
            #expect(response.status == 404)
            #expect(response["code"] == 404)
            #expect(response["message"] == "Webhook not found")
        }
    }

    static let invalidBodies: [(String, JSONValue)] = [
        ("extra property", ["callbackUrl": "https://a.example.com/h", "events": ["AVATAR_TRAINING_SUCCESS"], "name": "x"]),
        ("missing events", ["callbackUrl": "https://a.example.com/h"]),
        ("missing callbackUrl", ["events": ["AVATAR_TRAINING_SUCCESS"]]),
        ("unknown event", ["callbackUrl": "https://a.example.com/h", "events": ["VIDEO_READY"]]),
        ("empty events", ["callbackUrl": "https://a.example.com/h", "events": []]),
    ]

    @Test(arguments: invalidBodies)
    func rejectsWhatArgilRejects(_ label: String, _ body: JSONValue) async throws {
        try await SandboxHarness.with { harness in
            let webhook = try await harness.account(.argil).webhooks[0]
            let response = try await harness.send(.argil, .PUT, "/webhooks/\(webhook.id)", body: body)
            #expect(response.status == 400, "\(label)")
            #expect(response["code"] == 400)
            #expect(response["message"]?.stringValue?.isEmpty == false)
            #expect(await harness.sandbox.state.webhook(vendor: .argil, account: "acme-prod", id: webhook.id) == webhook)
        }
    }
}

@Suite struct JoggWireTests {
    @Test func listAndEventsUseTheCodeMsgDataEnvelope() async throws {
        try await SandboxHarness.with(webhooks: 5) { harness in
            let list = try await harness.send(.jogg, .GET, "/v2/endpoints")
            #expect(list.status == 200)
            #expect(list["code"] == 0)
            let endpoints = try #require(list["data"]?["endpoints"]?.arrayValue)
            #expect(endpoints.count == 5)
            #expect(endpoints.allSatisfy { $0["endpoint_id"] != nil && $0["created_at"]?.intValue != nil })
            let events = try await harness.send(.jogg, .GET, "/v2/events")
            #expect(events["data"]?["events"]?.stringArrayValue?.count == 22)
        }
    }

    @Test func validUpdateIsAppliedAndListed() async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.jogg).webhooks[0].id
            let body: JSONValue = ["url": "https://hooks.acme.dev/jogg", "status": "disabled",
                                   "events": ["generated_avatar_video_success"]]
            let response = try await harness.send(.jogg, .PUT, "/v2/endpoint/\(id)", body: body)
            #expect(response["code"] == 0)
            let listed = try await harness.send(.jogg, .GET, "/v2/endpoints")["data"]?["endpoints"]?.arrayValue?
                .first { $0["endpoint_id"]?.stringValue == id }
            #expect(listed?["url"] == "https://hooks.acme.dev/jogg")
            #expect(listed?["status"] == "disabled")
        }
    }

    @Test func wrongKeyIsBodyCode10105WithHTTP200() async throws {
        try await SandboxHarness.with { harness in
            let response = try await harness.send(.jogg, .GET, "/v2/endpoints", key: nil)
            #expect(response.status == 200)
            #expect(response["code"] == 10105)
            #expect(response["data"] == .null)
        }
    }

    @Test func unknownEndpointIsBodyCode10104() async throws {
        try await SandboxHarness.with { harness in
            let body: JSONValue = ["url": "https://a.example.com/h", "status": "enabled", "events": []]
            let response = try await harness.send(.jogg, .PUT, "/v2/endpoint/wh_000", body: body)
            #expect(response.status == 200)
            #expect(response["code"] == 10104)
        }
    }

    static let invalidBodies: [(String, JSONValue)] = [
        ("missing status", ["url": "https://a.example.com/h", "events": ["generated_avatar_video_success"]]),
        ("missing url", ["status": "enabled", "events": ["generated_avatar_video_success"]]),
        ("missing events", ["url": "https://a.example.com/h", "status": "enabled"]),
        ("status not in enum", ["url": "https://a.example.com/h", "status": "paused", "events": []]),
        ("http url", ["url": "http://a.example.com/h", "status": "enabled", "events": []]),
    ]

    @Test(arguments: invalidBodies)
    func rejectsWhatJoggRejects(_ label: String, _ body: JSONValue) async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.jogg).webhooks[0].id
            let response = try await harness.send(.jogg, .PUT, "/v2/endpoint/\(id)", body: body)
            #expect(response.status == 200, "\(label)")
            #expect(response["code"] == 40000, "\(label)")
            #expect(response["msg"]?.stringValue?.contains("Parameter error") == true)
            #expect(await harness.sandbox.stats().counters(.jogg, "acme-prod").rejected == 1)
        }
    }
}
