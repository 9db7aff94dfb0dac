import Testing
import RehookModel
@testable import RehookPlanning

@Suite("Planner fingerprint")
struct PlannerFingerprintTests {
    typealias F = PlannerFixtures

    static let webhooks: [Webhook] = [
        F.argil("a_1"), F.jogg("j_1", enabled: false), F.talkover("t_1"), F.heygen("h_1"),
        F.heygen("h_2", events: .list([])), F.composio("c_1"),
        Webhook(vendor: .talkover, account: "ünïcødé 😀", id: "quote\"back\\slash/tab\tnl\ncr\rbs\u{8}ff\u{c}nul\u{0}esc\u{1b}del\u{7f}",
                parentID: "agent/1", url: "https://例え.jp/päth?q=\"x\"&y=\u{2028}#frag",
                events: .list(["a/b", "c\"d"]), enabled: nil,
                extras: [.headers: .strings(["X-A: 1", "X-B: /2"]), .timeout: .int(-7), .maxRetries: .int(Int.max),
                         .name: .string(""), .version: .events(.all), .agentName: .bool(true),
                         .username: .events(.list(["e"])), .authScheme: .secret(.environment("TOKEN")),
                         .httpMethod: .secret(.file("/run/secret"))]),
    ]

    @Test("equals the model's JSONEncoder-based fingerprint", arguments: webhooks)
    func matchesModel(_ webhook: Webhook) {
        #expect(PlannerFingerprint.of(webhook) == webhook.fingerprint)
        #expect(PlannerFingerprint.agrees(on: webhook))
    }

    @Test func plannedChangesCarryTheModelsFingerprint() {
        let planned = F.plan("for vendor * set url \"https://hooks.acme.dev/x\"",
                             F.inventory([F.argil("a"), F.jogg("j"), F.talkover("t"), F.heygen("h"), F.composio("c")]))
        #expect(planned.changes.count == 5)
        for change in planned.changes { #expect(change.fingerprint == change.before.fingerprint) }
    }
}
