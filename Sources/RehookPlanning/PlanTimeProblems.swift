import RehookLanguage
import RehookModel

/// One problem found while planning one webhook.
struct PlanTimeProblem: Error, Sendable, Hashable {
    var severity: DiagnosticSeverity
    var range: SourceRange
    /// What kind of problem, for grouping: the same category at the same range is one
    /// diagnostic however many webhooks it affects (the message varies with the webhook).
    var category: String
    var message: String
    var notes: [String]

    init(_ severity: DiagnosticSeverity, at range: SourceRange, category: String, _ message: String, notes: [String] = []) {
        self.severity = severity
        self.range = range
        self.category = category
        self.message = message
        self.notes = notes
    }
}

/// Plan-time problems grouped by location and kind, counting the webhooks each affects,
/// so 10,000 webhooks with the same bad URL make one diagnostic, not 10,000.
struct ProblemLog: Sendable {
    /// Webhooks named in a grouped message.
    static let examplesShown = 3

    private struct GroupKey: Hashable, Sendable {
        var severity: DiagnosticSeverity
        var range: SourceRange
        var category: String
    }

    private struct Group: Sendable {
        /// The message of the first webhook seen.
        var first: PlanTimeProblem
        var count: Int
        var examples: [WebhookKey]
    }

    private var groups: [GroupKey: Group] = [:]
    private var order: [GroupKey] = []

    var isEmpty: Bool { order.isEmpty }

    mutating func record(_ problem: PlanTimeProblem, webhook: WebhookKey) {
        add(problem, count: 1, examples: [webhook])
    }

    /// Appends `other`'s groups, which were seen after this log's.
    mutating func merge(_ other: ProblemLog) {
        for key in other.order {
            guard let group = other.groups[key] else { continue }
            add(group.first, count: group.count, examples: group.examples)
        }
    }

    private mutating func add(_ problem: PlanTimeProblem, count: Int, examples: [WebhookKey]) {
        let key = GroupKey(severity: problem.severity, range: problem.range, category: problem.category)
        guard var group = groups[key] else {
            groups[key] = Group(first: problem, count: count, examples: Array(examples.prefix(Self.examplesShown)))
            order.append(key)
            return
        }
        group.count += count
        if group.examples.count < Self.examplesShown {
            group.examples += examples.prefix(Self.examplesShown - group.examples.count)
        }
        groups[key] = group
    }

    /// One diagnostic per group, sorted by position:
    /// "3 webhooks: computed URL 'http://…' is not https (heygen/prod/ep_1, heygen/prod/ep_2, …)".
    func diagnostics() -> [Diagnostic] {
        order.compactMap { key -> Diagnostic? in
            guard let group = groups[key] else { return nil }
            let names = group.examples.map(\.description).joined(separator: ", ")
            let more = group.count > group.examples.count ? ", … \(group.count - group.examples.count) more" : ""
            let prefix = group.count == 1 ? "" : "\(group.count) webhooks: "
            return Diagnostic(group.first.severity, "\(prefix)\(group.first.message) (\(names)\(more))",
                              at: group.first.range, notes: group.first.notes.map { DiagnosticNote($0) })
        }.sortedByPosition
    }
}
