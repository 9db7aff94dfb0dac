import RehookModel

/// An answer to "apply this change?" in `:review`.
public enum ReviewAnswer: Sendable, Equatable {
    /// `y`: take this change.
    case accept
    /// `n`: skip this change.
    case skip
    /// `a`: take this change and every remaining one.
    case acceptAll
    /// `q`: skip this change and every remaining one.
    case quit

    /// Parses what the user typed (`y`, `yes`, `n`, `no`, `a`, `all`, `q`, `quit`; any case).
    public init?(_ text: String) {
        switch text.trimmingSpaces.lowercased() {
        case "y", "yes": self = .accept
        case "n", "no": self = .skip
        case "a", "all": self = .acceptAll
        case "q", "quit": self = .quit
        default: return nil
        }
    }
}

/// Steps through a plan's changes one by one, like `git add -p`, collecting the accepted ones.
public struct PlanReview: Sendable {
    public let plan: Plan
    /// Index of the change being asked about; `plan.changes.count` once finished.
    public private(set) var position = 0
    public private(set) var accepted: [PlannedChange] = []

    public init(plan: Plan) {
        self.plan = plan
    }

    /// The change waiting for an answer, or nil when every change has one.
    public var current: PlannedChange? { position < plan.changes.count ? plan.changes[position] : nil }

    public var isFinished: Bool { current == nil }

    /// Records the answer for the current change.
    public mutating func answer(_ answer: ReviewAnswer) {
        guard let change = current else { return }
        switch answer {
        case .accept:
            accepted.append(change)
            position += 1
        case .skip:
            position += 1
        case .acceptAll:
            accepted += plan.changes[position...]
            position = plan.changes.count
        case .quit:
            position = plan.changes.count
        }
    }

    /// The plan holding only the accepted changes (warnings kept, counts adjusted).
    public var acceptedPlan: Plan {
        var selected = plan
        selected.changes = accepted
        return selected
    }
}

/// Renders one planned change for `:review`: the webhook, then each field's before and after.
/// Secrets are shown as references, never values.
public enum ChangeRenderer {
    public static func render(_ change: PlannedChange, index: Int, of total: Int) -> String {
        var lines = ["[\(index)/\(total)] ~ \(change.key)  \(change.before.url)"]
        for field in change.fields {
            let before = field.beforeKnown ? (field.before.map(describe) ?? "(none)") : "(current value unknown)"
            lines.append("    \(field.field): \(before) -> \(describe(field.after))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ value: FieldValue) -> String {
        if case .secret(let reference) = value { return reference.description }
        return value.description
    }
}
