import RehookModel

/// Where a change stands according to its run's journal.
public enum ChangeStatus: Sendable, Hashable {
    /// Not started, interrupted before sending, or failed with retries left.
    case pending
    /// A write was sent and no outcome recorded: must be re-checked, never blindly re-sent.
    case sentWithoutOutcome
    case applied
    case failed
    case skipped

    /// Nothing more to do for this change.
    public var isFinished: Bool { self == .applied || self == .failed || self == .skipped }

    /// Folds a journal into each planned change's status (changes without entries are pending).
    public static func replay(_ entries: [JournalEntry], plan: Plan) -> [WebhookKey: ChangeStatus] {
        replay(entries, keys: plan.changes.map(\.key))
    }

    /// `replay(_:plan:)` for the plan's keys alone.
    public static func replay(_ entries: [JournalEntry], keys: [WebhookKey]) -> [WebhookKey: ChangeStatus] {
        var statuses = Dictionary(keys.map { ($0, ChangeStatus.pending) }, uniquingKeysWith: { a, _ in a })
        for entry in entries where statuses[entry.key] != nil {
            statuses[entry.key] = switch entry.event {
            case .planned: .pending
            case .sent: .sentWithoutOutcome
            case .applied: .applied
            case .skipped: .skipped
            case .failed: entry.final == true ? .failed : .pending
            }
        }
        return statuses
    }
}

/// One run as `rehook runs` lists it.
public struct RunSummary: Sendable, Hashable {
    public var id: String
    /// ISO 8601 time of the run's first journal line (the plan's time when the journal is empty).
    public var created: String
    public var total: Int
    public var applied: Int
    public var failed: Int
    public var skipped: Int
    /// Not finished: never attempted, interrupted, or sent without a recorded outcome.
    public var pending: Int
    /// Why the run's files could not be read (the counts are then zero).
    public var problem: String?
    public var isComplete: Bool { pending == 0 && problem == nil }

    init(id: String, plan: Plan, entries: [JournalEntry]) {
        let statuses = ChangeStatus.replay(entries, plan: plan).values
        self.id = id
        self.created = entries.first?.time ?? plan.createdAt
        self.total = plan.changes.count
        self.applied = statuses.filter { $0 == .applied }.count
        self.failed = statuses.filter { $0 == .failed }.count
        self.skipped = statuses.filter { $0 == .skipped }.count
        self.pending = statuses.filter { !$0.isFinished }.count
    }

    init(id: String, problem: String) {
        self.id = id
        self.created = ""
        (total, applied, failed, skipped, pending) = (0, 0, 0, 0, 0)
        self.problem = problem
    }
}
