import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("Argil adapter")
struct ArgilAdapterTests {
    let base = AdapterHarness.base

    @Test("lists the bare array, accepting createdAt and createAt")
    func listsWebhooks() async throws {
        let harness = AdapterHarness(.argil)
        await harness.transport.reply(.get, "\(base)/webhooks", body: ArgilFixtures.list)
        let webhooks = try await harness.adapter.listWebhooks()
        #expect(webhooks == [
            Webhook(vendor: .argil, account: "acct", id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                    url: "https://old.acme.com/argil", events: .list(["AVATAR_TRAINING_SUCCESS"])),
            Webhook(vendor: .argil, account: "acct", id: "7d1e2f3a-0000-4b50-8888-8dd25736052b",
                    url: "https://old.acme.com/argil2",
                    events: .list(["VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"])),
        ])
        let request = try await harness.onlyRequest()
        #expect(request.header("x-api-key") == "test-key-0123456789")
        #expect(request.body == nil)
    }

    @Test("PUT carries exactly callbackUrl and events, the unchanged one from live")
    func updateBody() async throws {
        let harness = AdapterHarness(.argil)
        await harness.transport.reply(.put, "\(base)/webhooks/3c90c3cc-0d44-4b50-8888-8dd25736052a",
                                      body: ArgilFixtures.updated)
        let live = Webhook(vendor: .argil, account: "acct", id: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                           url: "https://old.acme.com/argil", events: .list(["AVATAR_TRAINING_SUCCESS"]))
        let updated = try await harness.adapter.update(
            live, changes: [.url: .string("https://hooks.acme.dev/argil")], secrets: FixedSecrets())
        let request = try await harness.onlyRequest()
        #expect(request.method == .put)
        #expect(request.header("Content-Type") == "application/json")
        #expect(bodyText(request) == #"{"callbackUrl":"https://hooks.acme.dev/argil","events":["AVATAR_TRAINING_SUCCESS"]}"#)
        #expect(updated.url == "https://hooks.acme.dev/argil")
        #expect(updated.id == live.id)
    }

    @Test("changing only events carries the live URL")
    func eventsOnly() async throws {
        let harness = AdapterHarness(.argil)
        await harness.transport.reply(.put, "\(base)/webhooks/a1", body: ArgilFixtures.updated)
        let live = Webhook(vendor: .argil, account: "acct", id: "a1", url: "https://old.acme.com/x",
                           events: .list(["AVATAR_TRAINING_SUCCESS"]))
        _ = try await harness.adapter.update(
            live, changes: [.events: .events(.list(["VIDEO_GENERATION_FAILED"]))], secrets: FixedSecrets())
        #expect(bodyText(try await harness.onlyRequest())
                == #"{"callbackUrl":"https://old.acme.com/x","events":["VIDEO_GENERATION_FAILED"]}"#)
    }

    @Test("a field Argil cannot set is refused before any request")
    func refusesUnsettable() async throws {
        let harness = AdapterHarness(.argil)
        let live = Webhook(vendor: .argil, account: "acct", id: "a1", url: "https://x", events: .list(["A"]))
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.enabled: .bool(false)], secrets: FixedSecrets())
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("cannot set 'enabled'") == true)
        #expect(await harness.transport.requests.isEmpty)
    }

    @Test("404 becomes notFound with Argil's message and the call")
    func notFound() async throws {
        let harness = AdapterHarness(.argil)
        await harness.transport.reply(.put, "\(base)/webhooks/gone", status: 404, body: ArgilFixtures.notFound)
        let live = Webhook(vendor: .argil, account: "acct", id: "gone", url: "https://x", events: .list(["A"]))
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.url: .string("https://y")], secrets: FixedSecrets())
        }
        #expect(error?.kind == .notFound)
        #expect(error?.description == "Argil account 'acct': PUT /webhooks/gone failed: HTTP 404: Webhook not found")
    }

    @Test("400 validation is rejected(400)")
    func validation() async throws {
        let harness = AdapterHarness(.argil)
        await harness.transport.reply(.put, "\(base)/webhooks/a1", status: 400, body: ArgilFixtures.validation)
        let live = Webhook(vendor: .argil, account: "acct", id: "a1", url: "https://x", events: .list(["A"]))
        let error = await harness.expectError {
            _ = try await harness.adapter.update(live, changes: [.url: .string("nope")], secrets: FixedSecrets())
        }
        #expect(error?.kind == .rejected(status: 400))
        #expect(error?.message == "HTTP 400: callbackUrl must be a URL")
    }

    @Test("the event catalogue is the closed set, without a request")
    func catalogue() async throws {
        let harness = AdapterHarness(.argil)
        #expect(try await harness.adapter.eventCatalogue() == Set(VendorSchema.argilEvents))
        #expect(await harness.transport.requests.isEmpty)
    }
}
