import RehookModel

/// The review of a plan whose changes are handed over one at a time, once, in order (`add`),
/// for plans read change by change: the change checks run as each change goes by, the plan
/// checks when the plan's members are known (`reports`). Its reports are exactly those of
/// `ReviewReport(plan:policy:)` on the whole plan.
///
/// A change's findings depend only on the policy's `ChangeCheckSettings` (`strict` and
/// `max_changes` act on the whole review), so a pass run while a saved plan is first read, under
/// the current policy, also gives the review under the policy the plan records when both run
/// the same change checks (the usual case): `apply` then reads the changes once, not twice.
public struct ReviewPass: Sendable {
    /// Each distinct change-check setting run, with its checks' findings so far (one list per check).
    private var groups: [(settings: ChangeCheckSettings, checks: [any ChangeReviewCheck], findings: [[ReviewFinding]])]
    private var outline: PlanOutline

    /// A pass running the change checks of every one of `policies`; `countingReceivers`: the
    /// outline counts the changes setting each new URL, which the probe's findings need (a plan
    /// that is or will be probed).
    public init(policies: [ReviewPolicy], countingReceivers: Bool) {
        var groups: [(settings: ChangeCheckSettings, checks: [any ChangeReviewCheck], findings: [[ReviewFinding]])] = []
        for settings in policies.map(\.changeCheckSettings) where !groups.contains(where: { $0.settings == settings }) {
            let checks = settings.checks
            groups.append((settings, checks, Array(repeating: [], count: checks.count)))
        }
        self.groups = groups
        outline = PlanOutline(header: Plan(createdAt: "", source: nil, changes: [], unchangedMatches: 0),
                              countingReceivers: countingReceivers)
    }

    /// How many changes were handed over.
    public var changeCount: Int { outline.changeCount }

    /// Reviews the next change.
    public mutating func add(_ change: PlannedChange) {
        outline.add(change)
        for group in groups.indices {
            for (index, check) in groups[group].checks.enumerated() {
                let found = check.review(change)
                if !found.isEmpty { groups[group].findings[index] += found }
            }
        }
    }

    /// The review under each of `policies` of the plan `header` (its members but its changes,
    /// which were handed over), or nil when this pass cannot give one of them: a policy running
    /// other change checks than the pass ran, or a probed plan whose receivers were not counted.
    public func reports(of header: Plan, under policies: [ReviewPolicy]) -> [ReviewReport]? {
        guard header.probes == nil || outline.countsReceivers else { return nil }
        var outline = self.outline
        outline.plan = header
        var reports: [ReviewReport] = []
        for policy in policies {
            guard let group = groups.first(where: { $0.settings == policy.changeCheckSettings }) else { return nil }
            let planFindings = policy.planChecks.flatMap { $0.review(outline) }
            reports.append(ReviewReport(findings: group.findings.flatMap { $0 } + planFindings, policy: policy))
        }
        return reports
    }
}

/// What a policy's change checks depend on: two policies with equal settings find the same in
/// every change.
struct ChangeCheckSettings: Hashable {
    var allowedHosts: [AllowedHostPattern]?
    var requireHTTPS: Bool

    /// The checks, in reporting order (all before the plan checks, `ReviewPolicy.checks`).
    var checks: [any ChangeReviewCheck] {
        var checks: [any ChangeReviewCheck] = [PlainHTTPCheck(asError: requireHTTPS), PrivateAddressCheck(), URLCredentialCheck()]
        if let allowedHosts { checks.append(AllowedHostsCheck(patterns: allowedHosts)) }
        checks.append(DroppedEventsCheck())
        return checks
    }
}
