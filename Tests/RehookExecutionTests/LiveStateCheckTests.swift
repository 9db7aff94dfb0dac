import Testing
import RehookModel
@testable import RehookExecution

@Suite("Stale check, verification and rollback building")
struct LiveStateCheckTests {
    let hook = Fixtures.webhook("wh_1")
    var change: PlannedChange {
        PlannedChange(before: hook, fields: [
            FieldChange(field: .url, before: .string(hook.url), after: .string("https://new.example/h")),
            FieldChange(field: .events, before: .events(hook.events), after: .events(.list(["b", "a"]))),
        ])
    }

    @Test("unchanged, already applied (event order ignored), stale with the differing field named")
    func classification() {
        #expect(LiveStateCheck.compare(live: hook, with: change) == .unchanged)
        var applied = hook
        applied.url = "https://new.example/h"
        applied.events = .list(["a", "b"])
        #expect(LiveStateCheck.compare(live: applied, with: change) == .alreadyApplied)
        var stale = hook
        stale.enabled = false
        #expect(LiveStateCheck.compare(live: stale, with: change) == .stale(differences: ["enabled: planned against true, now false"]))
    }

    @Test("half-applied is stale, not already applied")
    func partialIsStale() {
        var half = hook
        half.url = "https://new.example/h"
        guard case .stale(let differences) = LiveStateCheck.compare(live: half, with: change) else {
            Issue.record("expected stale")
            return
        }
        #expect(differences == ["url: planned against \"https://old.acme.com/hook\", now \"https://new.example/h\""])
    }

    @Test("a change of unrevealed fields only is never taken for already applied")
    func unrevealedOnly() {
        let secretOnly = PlannedChange(before: hook, fields: [
            FieldChange(field: .secret, before: nil, beforeKnown: false, after: .secret(.environment("S"))),
        ])
        var edited = hook
        edited.url = "https://elsewhere.example"
        #expect(LiveStateCheck.compare(live: edited, with: secretOnly) != .alreadyApplied)
    }

    @Test("verification reports dropped values")
    func droppedValue() {
        var reported = change.after
        reported.extras[.name] = nil
        let named = PlannedChange(before: hook, fields: [FieldChange(field: .name, before: nil, after: .string("n"))])
        #expect(WriteVerification.warnings(for: named, reported: reported) == ["name: sent \"n\", vendor reports nothing"])
        #expect(WriteVerification.warnings(for: change, reported: change.after).isEmpty)
    }

    @Test("rollback leaves out fields that had no value, and no-op changes")
    func rollbackEdgeCases() {
        var builder = RollbackBuilder()
        let named = PlannedChange(before: hook, fields: [FieldChange(field: .name, before: nil, after: .string("n"))])
        builder.record(named, observedBefore: hook, reported: named.after)
        let plan = builder.plan(createdAt: "t")
        #expect(plan.changes.isEmpty)
        #expect(plan.warnings == ["heygen/main/wh_1: name cannot be rolled back: it had no value before the change"])
    }
}
