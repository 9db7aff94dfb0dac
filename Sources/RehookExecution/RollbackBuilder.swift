import RehookModel

/// Builds the plan that undoes what a run applied: for each landed change, from the state the
/// vendor reported after the write back to the values observed just before it.
///
/// Fields whose value before the change was never revealed (or was absent) cannot be restored;
/// they are left out and named in the plan's warnings.
public struct RollbackBuilder: Sendable {
    private var changes: [WebhookKey: PlannedChange] = [:]
    private var warnings: [WebhookKey: [String]] = [:]

    public init() {}

    /// The rollback of everything a journal records as applied (`observed_before` and
    /// `reported` of each `applied` line; the plan's states where a line lacks them).
    public init(replaying entries: [JournalEntry], plan: Plan) {
        let changes = Dictionary(plan.changes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in entries where entry.event == .applied {
            guard let change = changes[entry.key] else { continue }
            record(change, observedBefore: entry.observedBefore ?? change.before, reported: entry.reported ?? change.after)
        }
    }

    /// Records a landed change: `observedBefore` is the live state fetched before the write,
    /// `reported` the vendor's state after it.
    public mutating func record(_ change: PlannedChange, observedBefore: Webhook, reported: Webhook) {
        let (undo, notes) = Self.reversal(of: change, observedBefore: observedBefore, reported: reported)
        changes[change.key] = undo
        warnings[change.key] = notes.isEmpty ? nil : notes
    }

    /// The change that undoes `change` (nil when nothing needs undoing), and the fields that
    /// cannot be rolled back, one note each.
    static func reversal(of change: PlannedChange, observedBefore: Webhook,
                         reported: Webhook) -> (undo: PlannedChange?, notes: [String]) {
        var reversed: [FieldChange] = []
        var notes: [String] = []
        for field in change.fields {
            guard field.isVerifiable else {
                notes.append("\(change.key): \(field.field) cannot be rolled back: its value before the change was never revealed")
                continue
            }
            guard let original = observedBefore[field.field] else {
                notes.append("\(change.key): \(field.field) cannot be rolled back: it had no value before the change")
                continue
            }
            let current = reported[field.field]
            if FieldComparison.sameValue(current, original) { continue }
            reversed.append(FieldChange(field: field.field, before: current, after: original))
        }
        return (reversed.isEmpty ? nil : PlannedChange(before: reported, fields: reversed), notes)
    }

    /// The rollback plan, changes and warnings in key order.
    public func plan(createdAt: String) -> Plan {
        Plan(createdAt: createdAt, source: nil,
             changes: changes.keys.sorted().compactMap { changes[$0] },
             unchangedMatches: 0,
             warnings: warnings.keys.sorted().flatMap { warnings[$0] ?? [] })
    }
}
