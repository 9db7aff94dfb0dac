import RehookModel
import Testing
@testable import RehookSandbox

@Suite struct HeyGenWireTests {
    @Test func listAndEventsUseCode100Envelope() async throws {
        try await SandboxHarness.with(webhooks: 4) { harness in
            let list = try await harness.send(.heygen, .GET, "/v1/webhook/endpoint.list")
            #expect(list.status == 200)
            #expect(list["code"] == 100)
            #expect(list["data"]?.arrayValue?.count == 4)
            let events = try await harness.send(.heygen, .GET, "/v1/webhook/webhook.list")
            #expect(events["code"] == 100)
            let names = try #require(events["data"]?.stringArrayValue)
            #expect(names.contains("avatar_video.success") && names.contains("video_translate.success"))
        }
    }

    @Test func updateAppliesUrlAndNullEventsMeanAll() async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.heygen).webhooks[0].id
            let body: JSONValue = ["endpoint_id": .string(id), "url": "https://hooks.acme.dev/heygen", "events": nil]
            let response = try await harness.send(.heygen, .PATCH, "/v1/webhook/endpoint.update", body: body)
            #expect(response["code"] == 100)
            let listed = try await harness.send(.heygen, .GET, "/v1/webhook/endpoint.list")["data"]?.arrayValue?
                .first { $0["endpoint_id"]?.stringValue == id }
            #expect(listed?["url"] == "https://hooks.acme.dev/heygen")
            #expect(listed?["events"] == .null)
            let narrowed = try await harness.send(.heygen, .PATCH, "/v1/webhook/endpoint.update",
                                                  body: ["endpoint_id": .string(id), "events": ["avatar_video.fail"]])
            #expect(narrowed["data"]?["events"] == ["avatar_video.fail"])
        }
    }

    @Test func wrongKeyIs401() async throws {
        try await SandboxHarness.with { harness in
            let response = try await harness.send(.heygen, .GET, "/v1/webhook/endpoint.list", key: "nope")
            #expect(response.status == 401)
            #expect(response["code"] == 400112)
            #expect(response["message"]?.stringValue != nil)
        }
    }

    @Test func unknownEndpointIs400131() async throws {
        try await SandboxHarness.with { harness in
            let response = try await harness.send(.heygen, .PATCH, "/v1/webhook/endpoint.update",
                                                  body: ["endpoint_id": "0000", "url": "https://hooks.acme.dev/h"])
            #expect(response.status == 404)
            #expect(response.json == ["code": 400131, "data": nil, "msg": "Webhook endpoint not found",
                                      "message": "Webhook endpoint not found"])
        }
    }

    @Test(arguments: ["http://hooks.acme.dev/h", "https://localhost/h", "https://192.168.1.4/h", "hooks.acme.dev"])
    func invalidURLIs400542(_ url: String) async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.heygen).webhooks[0].id
            let response = try await harness.send(.heygen, .PATCH, "/v1/webhook/endpoint.update",
                                                  body: ["endpoint_id": .string(id), "url": .string(url)])
            #expect(response.status == 400)
            #expect(response["code"] == 400542)
            #expect(response["message"] == "Url of this webhook endpoint is invalid")
        }
    }
}

@Suite struct ComposioWireTests {
    @Test func subscriptionsArePagedByCursorWithMaskedSecrets() async throws {
        try await SandboxHarness.with(webhooks: 45) { harness in
            var ids: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "?cursor=\($0)" } ?? ""
                let response = try await harness.send(.composio, .GET, "/api/v3/webhook_subscriptions\(query)")
                #expect(response.status == 200)
                #expect(response["total_items"] == 45)
                let items = try #require(response["items"]?.arrayValue)
                #expect(items.count <= 20)
                ids += items.compactMap { $0["id"]?.stringValue }
                #expect(items.allSatisfy { $0["secret"]?.stringValue?.contains("****") == true })
                cursor = response["next_cursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(ids == (try await harness.account(.composio).webhooks.map(\.id)))
        }
    }

    @Test func eventTypesListCatalogue() async throws {
        try await SandboxHarness.with { harness in
            let response = try await harness.send(.composio, .GET, "/api/v3/webhook_subscriptions/event_types")
            let items = try #require(response["items"]?.arrayValue)
            #expect(items.contains { $0["event_type"] == "composio.trigger.message" })
            #expect(items.allSatisfy { $0["supported_versions"]?.stringArrayValue?.isEmpty == false })
        }
    }

    @Test func updateIsAppliedAndListed() async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.composio).webhooks[0].id
            let response = try await harness.send(.composio, .PATCH, "/api/v3/webhook_subscriptions/\(id)",
                                                  body: ["webhook_url": "https://hooks.acme.dev/composio", "version": "V2"])
            #expect(response.status == 200)
            let listed = try await harness.send(.composio, .GET, "/api/v3/webhook_subscriptions")["items"]?.arrayValue?
                .first { $0["id"]?.stringValue == id }
            #expect(listed?["webhook_url"] == "https://hooks.acme.dev/composio")
            #expect(listed?["version"] == "V2")
        }
    }

    @Test func wrongKeyAndUnknownIdUseTheErrorObject() async throws {
        try await SandboxHarness.with { harness in
            let unauthorized = try await harness.send(.composio, .GET, "/api/v3/webhook_subscriptions", key: "nope")
            #expect(unauthorized.status == 401)
            #expect(unauthorized["error"]?["status"] == 401)
            let missing = try await harness.send(.composio, .PATCH, "/api/v3/webhook_subscriptions/ws_none",
                                                 body: ["version": "V3"])
            #expect(missing.status == 404)
            #expect(missing["error"]?["status"] == 404)
            #expect(missing["error"]?["slug"]?.stringValue != nil)
        }
    }

    static let invalidBodies: [(String, String)] = [
        ("empty object", "{}"),
        ("empty body", ""),
        ("http URL", #"{"webhook_url": "http://hooks.acme.dev/c"}"#),
        ("version V4", #"{"version": "V4"}"#),
        ("unknown event", #"{"enabled_events": ["composio.nothing"]}"#),
    ]

    @Test(arguments: invalidBodies)
    func rejectsWhatComposioRejects(_ label: String, _ body: String) async throws {
        try await SandboxHarness.with { harness in
            let id = try await harness.account(.composio).webhooks[0].id
            let response = try await harness.send(.composio, .PATCH, "/api/v3/webhook_subscriptions/\(id)", rawBody: body)
            #expect(response.status == 400, "\(label)")
            let error = try #require(response["error"]?.objectValue)
            #expect(error["status"] == 400)
            #expect(error["message"]?.stringValue?.isEmpty == false)
            #expect(error["slug"]?.stringValue != nil && error["code"]?.intValue != nil)
            #expect(error["request_id"]?.stringValue != nil && error["suggested_fix"]?.stringValue != nil)
        }
    }
}
