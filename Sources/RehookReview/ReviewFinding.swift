import RehookModel

/// How serious a review finding is. Errors stop `apply`; warnings are shown and kept in the plan.
public enum ReviewSeverity: String, Sendable, Hashable, Codable, Comparable {
    case warning, error

    public static func < (lhs: ReviewSeverity, rhs: ReviewSeverity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// Something a reviewer should look at before applying a plan.
public struct ReviewFinding: Sendable, Hashable, CustomStringConvertible {
    public var severity: ReviewSeverity
    /// The webhook concerned; `nil` for a finding about the whole plan.
    public var key: WebhookKey?
    /// The field concerned, if one.
    public var field: FieldName?
    public var message: String

    public init(severity: ReviewSeverity, key: WebhookKey?, field: FieldName?, message: String) {
        self.severity = severity
        self.key = key
        self.field = field
        self.message = message
    }

    /// `warning: heygen/prod/ep_1 url: new URL uses plain http (http://…)`; plan-level findings
    /// say `plan:` instead of a webhook.
    public var description: String {
        let subject = key.map(String.init(describing:)) ?? "plan"
        let location = field.map { "\(subject) \($0)" } ?? subject
        return "\(severity.rawValue): \(location): \(message)"
    }
}

/// One review rule. Checks are pure and see only the plan.
public protocol ReviewCheck: Sendable {
    /// The findings for `plan`, as warnings (the review raises them to errors under `strict`).
    func review(_ plan: Plan) -> [ReviewFinding]
}

/// A check that looks at one change at a time.
public protocol ChangeReviewCheck: ReviewCheck {
    func review(_ change: PlannedChange) -> [ReviewFinding]
}

extension ChangeReviewCheck {
    public func review(_ plan: Plan) -> [ReviewFinding] {
        plan.changes.flatMap { review($0) }
    }
}

/// A check of the plan as a whole, which needs of its changes only what `PlanOutline` keeps
/// (so a plan read change by change is reviewed without holding it).
public protocol PlanReviewCheck: ReviewCheck {
    func review(_ outline: PlanOutline) -> [ReviewFinding]
}

extension PlanReviewCheck {
    public func review(_ plan: Plan) -> [ReviewFinding] {
        review(PlanOutline(plan))
    }
}

/// What plan-level checks read: the plan's members but its changes, how many changes it has,
/// and, when it was probed, how many of them set each new URL (masked, as probes record URLs).
public struct PlanOutline: Sendable {
    /// The plan; its `changes` are not read.
    public var plan: Plan
    public private(set) var changeCount = 0
    public private(set) var receiversByURL: [String: Int] = [:]
    /// Whether `receiversByURL` is counted (for a probed plan only: it masks every new URL).
    let countsReceivers: Bool

    public init(_ plan: Plan) {
        self.init(header: plan, countingReceivers: plan.probes != nil)
        plan.changes.forEachInPlace { add($0) }
    }

    init(header: Plan, countingReceivers: Bool) {
        plan = header
        countsReceivers = countingReceivers
    }

    mutating func add(_ change: PlannedChange) {
        changeCount += 1
        if countsReceivers, let url = change.newURL { receiversByURL[URLCredentials.masked(url), default: 0] += 1 }
    }
}

extension PlannedChange {
    func warning(_ field: FieldName?, _ message: String) -> ReviewFinding {
        ReviewFinding(severity: .warning, key: key, field: field, message: message)
    }
}

/// What the review enforces, from the command line or the config file.
public struct ReviewPolicy: Sendable, Hashable {
    /// Hosts new URLs may point at (`host` or `*.domain`); `nil` allows any host.
    public var allowedHosts: [AllowedHostPattern]?
    /// The most webhooks one plan may change; `nil` for no limit.
    public var maxChanges: Int?
    /// Every warning becomes an error.
    public var strict: Bool
    /// A plain-http URL is an error (`require_https` in `[policy]`).
    public var requireHTTPS: Bool

    public init(allowedHosts: [AllowedHostPattern]? = nil, maxChanges: Int? = nil, strict: Bool = false,
                requireHTTPS: Bool = false) {
        self.allowedHosts = allowedHosts
        self.maxChanges = maxChanges
        self.strict = strict
        self.requireHTTPS = requireHTTPS
    }

    /// A policy recorded in a plan, read back. Throws `AllowedHostPatternError` for a pattern
    /// that is not one (a hand-edited plan).
    public init(recorded: RecordedPolicy) throws {
        self.init(allowedHosts: try recorded.allowHosts?.map(AllowedHostPattern.init), maxChanges: recorded.maxChanges,
                  strict: recorded.strict, requireHTTPS: recorded.requireHTTPS)
    }

    /// This policy as a plan records it.
    public var recorded: RecordedPolicy {
        RecordedPolicy(strict: strict, maxChanges: maxChanges, allowHosts: allowedHosts?.map(\.description),
                       requireHTTPS: requireHTTPS)
    }

    /// The checks this policy runs, in reporting order: every change check, then the plan checks.
    public var checks: [any ReviewCheck] {
        changeCheckSettings.checks + planChecks
    }

    /// What its change checks depend on.
    var changeCheckSettings: ChangeCheckSettings {
        ChangeCheckSettings(allowedHosts: allowedHosts, requireHTTPS: requireHTTPS)
    }

    var planChecks: [any PlanReviewCheck] {
        var checks: [any PlanReviewCheck] = []
        if let maxChanges { checks.append(BlastRadiusCheck(maxChanges: maxChanges)) }
        checks.append(DestinationProbeCheck())
        return checks
    }
}

/// The result of reviewing a plan.
public struct ReviewReport: Sendable, Hashable {
    public var findings: [ReviewFinding]
    /// The policy the plan was reviewed under.
    public var policy: ReviewPolicy

    /// Runs every check of `policy` on `plan`; under `strict`, warnings become errors.
    public init(plan: Plan, policy: ReviewPolicy) {
        self = Self.reviews(of: plan, changeCount: plan.changes.count, policies: [policy]) { body in
            plan.changes.forEachInPlace(body)
        }[0]
    }

    /// `init(plan:policy:)` under each of `policies`, for a plan read change by change: `header`
    /// is the plan but its changes, which `forEachChange` hands over once, in order.
    public static func reviews(of header: Plan, changeCount: Int, policies: [ReviewPolicy],
                               forEachChange: ((PlannedChange) -> Void) throws -> Void) rethrows -> [ReviewReport] {
        var pass = ReviewPass(policies: policies, countingReceivers: header.probes != nil)
        try forEachChange { pass.add($0) }
        guard let reports = pass.reports(of: header, under: policies) else {
            preconditionFailure("a pass over every policy's change checks reviews under each of them")
        }
        return reports
    }

    /// The report of `findings` raised under `policy` (`strict`: every one an error).
    init(findings: [ReviewFinding], policy: ReviewPolicy) {
        self.policy = policy
        self.findings = findings.map { finding in
            var raised = finding
            if policy.strict { raised.severity = .error }
            return raised
        }
    }

    /// At least one finding is an error: the plan must not be applied.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// `plan` with each finding added to its `warnings` (once), so that renderers and the
    /// plan file show them.
    public func annotating(_ plan: Plan) -> Plan {
        var annotated = plan
        for line in findings.map(\.description) where !annotated.warnings.contains(line) {
            annotated.warnings.append(line)
        }
        return annotated
    }

    /// `plan` annotated, with this review recorded in it (`Plan.review`): the plan as it is shown,
    /// saved and sealed.
    public func recording(in plan: Plan) -> Plan {
        var recorded = annotating(plan)
        let errors = findings.count { $0.severity == .error }
        recorded.review = RecordedReview(policy: policy.recorded, errors: errors, warnings: findings.count - errors)
        return recorded
    }
}
