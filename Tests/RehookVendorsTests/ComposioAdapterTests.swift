import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("Composio adapter")
struct ComposioAdapterTests {
    let base = AdapterHarness.base
    let collection = AdapterHarness.base + "/api/v3/webhook_subscriptions"
    let live = Webhook(vendor: .composio, account: "acct", id: "ws_1", url: "https://old.acme.com/composio",
                       events: .list(["composio.trigger.message"]), extras: [.version: .string("V1")])

    @Test("follows next_cursor until null; the masked secret is dropped")
    func listsAcrossCursors() async throws {
        let harness = AdapterHarness(.composio)
        await harness.transport.reply(.get, "\(collection)?limit=100", body: ComposioFixtures.page(["ws_1", "ws_2"], next: "c/2"))
        await harness.transport.reply(.get, "\(collection)?limit=100&cursor=c%2F2", body: ComposioFixtures.page(["ws_3"], next: nil))
        let webhooks = try await harness.adapter.listWebhooks()
        #expect(webhooks.map(\.id) == ["ws_1", "ws_2", "ws_3"])
        #expect(webhooks.first == live)
        #expect(!String(describing: webhooks).contains("whsec"))
    }

    @Test("a cursor that repeats is a paging loop, not an endless listing")
    func cursorLoop() async throws {
        let harness = AdapterHarness(.composio)
        await harness.transport.reply(.get, "\(collection)?limit=100", body: ComposioFixtures.page(["ws_1"], next: "same"))
        await harness.transport.reply(.get, "\(collection)?limit=100&cursor=same", body: ComposioFixtures.page([], next: "same"))
        let error = await harness.expectError { _ = try await harness.adapter.listWebhooks() }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains("already followed") == true)
    }

    @Test("PATCH sends only the changed fields")
    func updateBody() async throws {
        let harness = AdapterHarness(.composio)
        await harness.transport.reply(.patch, "\(collection)/ws_1", body: ComposioFixtures.updated)
        let updated = try await harness.adapter.update(
            live, changes: [.url: .string("https://hooks.acme.dev/composio"), .version: .string("V3")],
            secrets: FixedSecrets())
        let request = try await harness.onlyRequest()
        #expect(request.method == .patch)
        #expect(bodyText(request) == #"{"webhook_url":"https://hooks.acme.dev/composio","version":"V3"}"#)
        #expect(updated.url == "https://hooks.acme.dev/composio")
    }

    @Test("the event catalogue comes from event_types")
    func catalogue() async throws {
        let harness = AdapterHarness(.composio)
        await harness.transport.reply(.get, "\(collection)/event_types", body: ComposioFixtures.eventTypes)
        #expect(try await harness.adapter.eventCatalogue()
                == ["composio.trigger.message", "composio.connected_account.expired"])
    }

    @Test("errors fold in the suggested fix", arguments: [
        (400, ComposioFixtures.invalid, VendorError.Kind.rejected(status: 400),
         "HTTP 400: webhook_url must use https (webhook_url: not https); suggested fix: Use an https:// URL for webhook_url"),
        (404, ComposioFixtures.notFound, .notFound, "HTTP 404: Webhook subscription not found"),
        (401, ComposioFixtures.unauthorized, .unauthorized,
         "HTTP 401: Invalid API key; suggested fix: Check the x-api-key header"
         + " (the API key from environment variable COMPOSIO_API_KEY was refused)"),
    ])
    func errors(status: Int, body: String, kind: VendorError.Kind, message: String) async throws {
        let harness = AdapterHarness(.composio)
        await harness.transport.reply(.patch, "\(collection)/ws_1", status: status, body: body)
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.url: .string("http://x")], secrets: FixedSecrets())
        }
        #expect(error?.kind == kind)
        #expect(error?.message == message)
    }
}
