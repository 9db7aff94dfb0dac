import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("HeyGen adapter")
struct HeyGenAdapterTests {
    let base = AdapterHarness.base
    let live = Webhook(vendor: .heygen, account: "acct", id: "1b7c53dfc92349e89b82c1zfa7cf7819",
                       url: "https://old.acme.com/h", events: .list(["avatar_video.success"]), enabled: true)

    @Test("lists data as an array and as data.endpoints alike", arguments: [HeyGenFixtures.listArray, HeyGenFixtures.listWrapped])
    func lists(body: String) async throws {
        let harness = AdapterHarness(.heygen)
        await harness.transport.reply(.get, "\(base)/v1/webhook/endpoint.list", body: body)
        let webhooks = try await harness.adapter.listWebhooks()
        #expect(webhooks == [
            Webhook(vendor: .heygen, account: "acct", id: "1b7c53dfc92349e89b82c1zfa7cf7819",
                    url: "https://smee.io/MnBgJ2lt4vbwk5zQ",
                    events: .list(["photo_avatar_generation.success", "photo_avatar_generation.fail"]),
                    enabled: true, extras: [.username: .string("b3ebafd81a8541z0b8d56a14c8a4ce92")]),
            Webhook(vendor: .heygen, account: "acct", id: "ep_all", url: "https://old.acme.com/heygen",
                    events: .all, enabled: false, extras: [.username: .string("u2")]),
        ])
        #expect(!String(describing: webhooks).contains("esec_"))
    }

    @Test("PATCH puts endpoint_id in the body and only the changed fields")
    func updateBody() async throws {
        let harness = AdapterHarness(.heygen)
        await harness.transport.reply(.patch, "\(base)/v1/webhook/endpoint.update", body: HeyGenFixtures.updated)
        let updated = try await harness.adapter.update(live, changes: [.url: .string("https://smee.io/MnBgJ2lt4vbwk5zQ")],
                                                       secrets: FixedSecrets())
        let request = try await harness.onlyRequest()
        #expect(request.method == .patch)
        #expect(request.header("x-api-key") == "test-key-0123456789")
        #expect(bodyText(request) == #"{"endpoint_id":"1b7c53dfc92349e89b82c1zfa7cf7819","url":"https://smee.io/MnBgJ2lt4vbwk5zQ"}"#)
        #expect(updated.url == "https://smee.io/MnBgJ2lt4vbwk5zQ")
        #expect(updated.events == .list(["photo_avatar_generation.success", "photo_avatar_generation.fail"]))
    }

    @Test("all events is sent as events: null")
    func allEvents() async throws {
        let harness = AdapterHarness(.heygen)
        await harness.transport.reply(.patch, "\(base)/v1/webhook/endpoint.update", body: HeyGenFixtures.updated)
        _ = try await harness.adapter.update(live, changes: [.events: .events(.all)], secrets: FixedSecrets())
        #expect(bodyText(try await harness.onlyRequest()) == #"{"endpoint_id":"1b7c53dfc92349e89b82c1zfa7cf7819","events":null}"#)
    }

    @Test("enabled is read-only at HeyGen")
    func enabledReadOnly() async throws {
        let harness = AdapterHarness(.heygen)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.enabled: .bool(false)], secrets: FixedSecrets())
        }
        #expect(error?.kind == .invalidRequest)
    }

    @Test("the event catalogue comes from webhook.list")
    func catalogue() async throws {
        let harness = AdapterHarness(.heygen)
        await harness.transport.reply(.get, "\(base)/v1/webhook/webhook.list", body: HeyGenFixtures.events)
        #expect(try await harness.adapter.eventCatalogue()
                == ["avatar_video.success", "avatar_video.fail", "video_translate.success"])
    }

    @Test("body codes and statuses map to kinds", arguments: [
        (400, HeyGenFixtures.invalidURL, VendorError.Kind.rejected(status: 400),
         "code 400542: Url of this webhook endpoint is invalid"),
        (404, HeyGenFixtures.notFound, .notFound, "code 400131: Webhook endpoint not found"),
        (200, HeyGenFixtures.notFound, .notFound, "code 400131: Webhook endpoint not found"),
        (401, HeyGenFixtures.unauthorized, .unauthorized,
         "code 400112: Unauthorized (the API key from environment variable HEYGEN_API_KEY was refused)"),
    ])
    func errors(status: Int, body: String, kind: VendorError.Kind, message: String) async throws {
        let harness = AdapterHarness(.heygen)
        await harness.transport.reply(.patch, "\(base)/v1/webhook/endpoint.update", status: status, body: body)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.url: .string("http://x")], secrets: FixedSecrets())
        }
        #expect(error?.kind == kind)
        #expect(error?.message == message)
        #expect(error?.call == "PATCH /v1/webhook/endpoint.update")
    }
}
