import Foundation
import RehookModel
import RehookVendors
import Testing

/// Request bodies are byte-for-byte deterministic, whatever the order changes arrive in.
@Suite("Request body encoding")
struct JSONBodyTests {
    @Test("strings are escaped as JSON requires; slashes and non-ASCII kept")
    func escaping() async throws {
        let harness = AdapterHarness(.composio)
        await harness.transport.reply(.patch, AdapterHarness.base + "/api/v3/webhook_subscriptions/w%201",
                                      body: ComposioFixtures.updated)
        let live = Webhook(vendor: .composio, account: "acct", id: "w 1", url: "https://x", events: .list([]))
        _ = try await harness.adapter.update(
            live, changes: [.url: .string("https://hooks.acme.dev/é?a=\"q\"\\\n\u{01}")], secrets: FixedSecrets())
        #expect(bodyText(try await harness.onlyRequest()) == #"{"webhook_url":"https://hooks.acme.dev/é?a=\"q\"\\\n\u0001"}"#)
    }

    @Test("the same changes always give the same bytes")
    func deterministic() async throws {
        var bodies: Set<Data> = []
        for _ in 0..<5 {
            let harness = AdapterHarness(.talkover)
            await harness.transport.reply(.put, AdapterHarness.base + "/agents/a/webhooks/w", body: TalkoverFixtures.updated)
            let live = Webhook(vendor: .talkover, account: "acct", id: "w", parentID: "a", url: "https://x", events: .list(["e"]))
            _ = try await harness.adapter.update(
                live, changes: [.name: .string("n"), .timeout: .int(9), .url: .string("https://y"), .events: .strings(["e2"]),
                                .httpMethod: .string("PATCH"), .authScheme: .string("bearer")],
                secrets: FixedSecrets())
            bodies.insert(try #require(try await harness.onlyRequest().body))
        }
        #expect(bodies.count == 1)
        #expect(bodies.first.map { String(decoding: $0, as: UTF8.self) }
                == #"{"webhook_url":"https://y","events":["e2"],"name":"n","timeout":9,"http_method":"PATCH","authorization_scheme":"bearer"}"#)
    }
}
