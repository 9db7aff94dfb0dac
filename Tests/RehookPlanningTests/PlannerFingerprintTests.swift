import Testing
import RehookModel
import RehookPlanning

/// The planner fingerprints each changed webhook's live state (`Webhook.fingerprint`; its
/// equality with `JSONEncoder`'s digest is tested in RehookModelTests).
@Suite("Planner fingerprint")
struct PlannerFingerprintTests {
    typealias F = PlannerFixtures

    @Test func plannedChangesCarryTheModelsFingerprint() {
        let planned = F.plan("for vendor * set url \"https://hooks.acme.dev/x\"",
                             F.inventory([F.argil("a"), F.jogg("j"), F.talkover("t"), F.heygen("h"), F.composio("c")]))
        #expect(planned.changes.count == 5)
        for change in planned.changes { #expect(change.fingerprint == change.before.fingerprint) }
    }
}
