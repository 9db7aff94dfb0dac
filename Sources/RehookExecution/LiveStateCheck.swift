import RehookModel

/// How a webhook's live state relates to its planned change, decided before any write.
public enum LiveStateCheck: Sendable, Hashable {
    /// Live state is the state planned against (same fingerprint): safe to write.
    case unchanged
    /// Live state already shows every verifiable planned value (e.g. an earlier, crashed run
    /// applied it): counts as applied, nothing is sent.
    case alreadyApplied
    /// Changed since the plan by someone else; `differences` names what changed.
    case stale(differences: [String])

    /// Compares `live` with the plan's `before` (fingerprint) and with its after-state.
    public static func compare(live: Webhook, with change: PlannedChange) -> LiveStateCheck {
        if live.fingerprint == change.fingerprint { return .unchanged }
        let verifiable = change.fields.filter(\.isVerifiable)
        if !verifiable.isEmpty {
            var expected = change.before
            for field in verifiable { expected[field.field] = field.after }
            if FieldComparison.sameState(live, expected) { return .alreadyApplied }
        }
        let differences = FieldName.allCases.compactMap { field -> String? in
            let planned = change.before[field], now = live[field]
            guard !FieldComparison.sameValue(planned, now) else { return nil }
            return "\(field): planned against \(FieldComparison.show(planned)), now \(FieldComparison.show(now))"
        }
        return .stale(differences: differences)
    }
}

extension FieldChange {
    /// The vendor reveals the field, so its written value can be read back and compared.
    public var isVerifiable: Bool {
        guard beforeKnown else { return false }
        if case .secret = after { return false }
        return true
    }
}

/// Value comparison as the engine means it: event lists compare as sets (vendors reorder them).
enum FieldComparison {
    static func sameValue(_ a: FieldValue?, _ b: FieldValue?) -> Bool {
        normalised(a) == normalised(b)
    }

    static func sameState(_ a: Webhook, _ b: Webhook) -> Bool {
        FieldName.allCases.allSatisfy { sameValue(a[$0], b[$0]) }
    }

    static func show(_ value: FieldValue?) -> String { value.map(\.description) ?? "nothing" }

    private static func normalised(_ value: FieldValue?) -> FieldValue? {
        switch value {
        case .events(.list(let names))?: .events(.list(names.sorted()))
        default: value
        }
    }
}

/// Read-back verification of one write.
public enum WriteVerification {
    /// One line per changed field the vendor did not store as sent, and one per field that
    /// cannot be verified because the vendor never reveals it.
    public static func warnings(for change: PlannedChange, reported: Webhook) -> [String] {
        change.fields.compactMap { field in
            guard field.isVerifiable else {
                return "\(field.field): not verifiable (the vendor never reveals it)"
            }
            return mismatch(field, reported: reported)
        }
    }

    /// One line per verifiable field the vendor does not report as planned: the change did not verify.
    public static func mismatches(for change: PlannedChange, reported: Webhook) -> [String] {
        change.fields.filter(\.isVerifiable).compactMap { mismatch($0, reported: reported) }
    }

    private static func mismatch(_ field: FieldChange, reported: Webhook) -> String? {
        let stored = reported[field.field]
        guard !FieldComparison.sameValue(stored, field.after) else { return nil }
        return "\(field.field): sent \(field.after), vendor reports \(FieldComparison.show(stored))"
    }
}
