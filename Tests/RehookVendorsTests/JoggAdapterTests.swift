import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("JoggAI adapter")
struct JoggAdapterTests {
    let base = AdapterHarness.base
    let live = Webhook(vendor: .jogg, account: "acct", id: "wh_123456789", url: "https://your-domain.com/webhook",
                       events: .list(["generated_avatar_video_success"]), enabled: true,
                       extras: [.username: .string("johndoe")])

    @Test("lists endpoints, status becomes enabled, the secret is dropped")
    func listsEndpoints() async throws {
        let harness = AdapterHarness(.jogg)
        await harness.transport.reply(.get, "\(base)/v2/endpoints", body: JoggFixtures.list)
        let webhooks = try await harness.adapter.listWebhooks()
        #expect(webhooks.map(\.id) == ["wh_123456789", "wh_2"])
        #expect(webhooks.map(\.enabled) == [true, false])
        #expect(webhooks.first?.extras == [.username: .string("johndoe")])
        #expect(webhooks.first?.events == .list(["generated_avatar_video_success", "generated_avatar_video_failed"]))
        #expect(!String(describing: webhooks).contains("whsec_"))
    }

    @Test("PUT sends the full {url, status, events}, carrying over what is unchanged")
    func updateBody() async throws {
        let harness = AdapterHarness(.jogg)
        await harness.transport.reply(.put, "\(base)/v2/endpoint/wh_123456789", body: JoggFixtures.updated)
        let updated = try await harness.adapter.update(live, changes: [.enabled: .bool(false)], secrets: FixedSecrets())
        let request = try await harness.onlyRequest()
        #expect(request.method == .put)
        #expect(request.header("x-api-key") == "test-key-0123456789")
        #expect(bodyText(request)
                == #"{"url":"https://your-domain.com/webhook","status":"disabled","events":["generated_avatar_video_success"]}"#)
        #expect(updated.enabled == true) // what the vendor reported back
    }

    @Test("the event catalogue comes from /v2/events")
    func catalogue() async throws {
        let harness = AdapterHarness(.jogg)
        await harness.transport.reply(.get, "\(base)/v2/events", body: JoggFixtures.events)
        #expect(try await harness.adapter.eventCatalogue()
                == ["generated_avatar_video_success", "generated_avatar_video_failed", "generated_photo_avatar_success"])
    }

    @Test("body codes decide the outcome whatever the HTTP status", arguments: [
        (JoggFixtures.notFound, 200, VendorError.Kind.notFound, "code 10104: Record not found"),
        (JoggFixtures.invalidKey, 200, .unauthorized,
         "code 10105: Invalid API key (the API key from environment variable JOGG_API_KEY was refused)"),
        (JoggFixtures.noCredit, 200, .rejected(status: 400), "code 18020: Insufficient credit"),
        (JoggFixtures.parameterError, 400, .rejected(status: 400), "code 40000: Parameter error"),
        (JoggFixtures.systemError, 200, .server(status: 500), "code 50000: System error"),
        (JoggFixtures.rateLimited, 200, .rateLimited(retryAfter: nil), "code 429: Rate limit exceeded..."),
    ])
    func bodyCodes(body: String, status: Int, kind: VendorError.Kind, message: String) async throws {
        let harness = AdapterHarness(.jogg)
        await harness.transport.reply(.put, "\(base)/v2/endpoint/wh_123456789", status: status, body: body)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.url: .string("https://a.b/c")], secrets: FixedSecrets())
        }
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.call == "PUT /v2/endpoint/wh_123456789")
    }

    @Test("a body code 429 takes its delay from Retry-After")
    func rateLimitRetryAfter() async throws {
        let harness = AdapterHarness(.jogg)
        await harness.transport.reply(.get, "\(base)/v2/endpoints", body: JoggFixtures.rateLimited,
                                      headers: [HTTPHeaderField("Retry-After", "7")])
        let error = await harness.expectError { _ = try await harness.adapter.listWebhooks() }
        #expect(error?.kind == .rateLimited(retryAfter: 7))
        #expect(error?.isRetryable == true)
    }

    @Test("an unknown status value is a malformed response naming the path")
    func badStatus() async throws {
        let harness = AdapterHarness(.jogg)
        let body = JoggFixtures.list.replacingOccurrences(of: #""status": "disabled""#, with: #""status": "paused""#)
        await harness.transport.reply(.get, "\(base)/v2/endpoints", body: body)
        let error = await harness.expectError { _ = try await harness.adapter.listWebhooks() }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message == #"expected "enabled" or "disabled" at $.data.endpoints[1].status, got "paused""#)
    }
}
