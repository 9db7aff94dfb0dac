import Foundation
import RehookModel
import Testing

/// `Webhook.fingerprint` is written by its own JSON writer; it must digest exactly the bytes
/// `JSONEncoder` with `.sortedKeys` writes, so fingerprints never depend on which one made them
/// (plans saved by earlier builds were fingerprinted through `JSONEncoder`).
@Suite struct WebhookFingerprintTests {
    static let webhooks: [Webhook] = [
        Webhook(vendor: .argil, account: "main", id: "a_1", url: "https://old.acme.com/a", events: .list(["VIDEO_GENERATION_SUCCESS"])),
        Webhook(vendor: .jogg, account: "main", id: "j_1", url: "https://old.acme.com/j", events: .list(["a", "b"]), enabled: false,
                extras: [.username: .string("ops")]),
        Webhook(vendor: .talkover, account: "eu", id: "t_1", parentID: "agent-1", url: "https://old.acme.com/t",
                events: .list(["call.started"]), enabled: true, extras: [.timeout: .int(30), .maxRetries: .int(2), .name: .string("hook")]),
        Webhook(vendor: .heygen, account: "main", id: "h_1", url: "https://old.acme.com/h", events: .all, enabled: true),
        Webhook(vendor: .heygen, account: "main", id: "h_2", url: "https://old.acme.com/h", events: .list([])),
        Webhook(vendor: .composio, account: "main", id: "c_1", url: "https://old.acme.com/c", events: .list(["x"]),
                extras: [.version: .string("V2")]),
        Webhook(vendor: .talkover, account: "ünïcødé 😀", id: "quote\"back\\slash/tab\tnl\ncr\rbs\u{8}ff\u{c}nul\u{0}esc\u{1b}del\u{7f}",
                parentID: "agent/1", url: "https://例え.jp/päth?q=\"x\"&y=\u{2028}#frag",
                events: .list(["a/b", "c\"d"]), enabled: nil,
                extras: [.headers: .strings(["X-A: 1", "X-B: /2"]), .timeout: .int(-7), .maxRetries: .int(Int.max),
                         .name: .string(""), .version: .events(.all), .agentName: .bool(true),
                         .username: .events(.list(["e"])), .authScheme: .secret(.environment("TOKEN")),
                         .httpMethod: .secret(.file("/run/secret"))]),
    ]

    static func encoderFingerprint(_ webhook: Webhook) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return StableDigest.hex(of: try encoder.encode(webhook))
    }

    @Test(arguments: webhooks)
    func equalsTheDigestOfJSONEncodersOutput(_ webhook: Webhook) throws {
        #expect(webhook.fingerprint == (try Self.encoderFingerprint(webhook)))
    }

    @Test func differentStatesGiveDifferentFingerprints() {
        var moved = Self.webhooks[2]
        moved.url = "https://new.acme.dev/t"
        #expect(moved.fingerprint != Self.webhooks[2].fingerprint)
        #expect(Set(Self.webhooks.map(\.fingerprint)).count == Self.webhooks.count)
    }
}
