import RehookModel

/// An answer to "apply this change?" in `:review`, given with one key.
public enum ReviewAnswer: Sendable, Equatable {
    /// `y`: take this change.
    case accept
    /// `n`: skip this change.
    case skip
    /// `a`: take this change and every remaining one.
    case acceptAll
    /// `q`: skip this change and every remaining one.
    case quit
    /// `b`: back to the previous change, to answer it again.
    case back

    /// Parses a key or what the user typed (`y`, `yes`, `n`, `no`, `a`, `all`, `q`, `quit`,
    /// `b`, `back`; any case).
    public init?(_ text: String) {
        switch text.trimmingSpaces.lowercased() {
        case "y", "yes": self = .accept
        case "n", "no": self = .skip
        case "a", "all": self = .acceptAll
        case "q", "quit": self = .quit
        case "b", "back": self = .back
        default: return nil
        }
    }
}

/// Steps through a plan's changes one by one, like `git add -p`, collecting the accepted ones.
public struct PlanReview: Sendable {
    public let plan: Plan
    /// Whether each change answered so far was accepted, in plan order.
    private var decisions: [Bool] = []

    public init(plan: Plan) {
        self.plan = plan
    }

    /// Index of the change being asked about; `plan.changes.count` once finished.
    public var position: Int { decisions.count }

    /// The change waiting for an answer, or nil when every change has one.
    public var current: PlannedChange? { position < plan.changes.count ? plan.changes[position] : nil }

    public var isFinished: Bool { current == nil }

    /// The changes accepted so far, in plan order.
    public var accepted: [PlannedChange] { zip(plan.changes, decisions).filter(\.1).map(\.0) }

    /// Records the answer for the current change. `back` returns to the previous change
    /// (forgetting its answer) and is refused, returning false, at the first one.
    @discardableResult
    public mutating func answer(_ answer: ReviewAnswer) -> Bool {
        guard current != nil else { return false }
        let remaining = plan.changes.count - position
        switch answer {
        case .accept: decisions.append(true)
        case .skip: decisions.append(false)
        case .acceptAll: decisions += Array(repeating: true, count: remaining)
        case .quit: decisions += Array(repeating: false, count: remaining)
        case .back:
            guard !decisions.isEmpty else { return false }
            decisions.removeLast()
        }
        return true
    }

    /// The plan holding only the accepted changes (warnings kept, counts adjusted).
    public var acceptedPlan: Plan {
        var selected = plan
        selected.changes = accepted
        return selected
    }
}
