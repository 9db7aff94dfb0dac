import RehookModel

/// Warns when a change points a webhook at a plain `http` URL: payloads and signatures would
/// travel unencrypted. An error under `require_https`.
public struct PlainHTTPCheck: ChangeReviewCheck {
    public let asError: Bool

    public init(asError: Bool = false) {
        self.asError = asError
    }

    public func review(_ change: PlannedChange) -> [ReviewFinding] {
        guard let url = change.newURL, DeliveryURL(url)?.scheme == "http" else { return [] }
        let was = DeliveryURL(change.before.url)?.scheme == "http" ? "still uses" : "moves to"
        var finding = change.warning(.url, "\(was) plain http: \(url)" + (asError ? " (require_https)" : ""))
        if asError { finding.severity = .error }
        return [finding]
    }
}

/// Warns when a change points a webhook at a loopback, private, link-local or internal-only
/// host, which a vendor cannot reach (or, worse, reaches inside its own network).
public struct PrivateAddressCheck: ChangeReviewCheck {
    public init() {}

    public func review(_ change: PlannedChange) -> [ReviewFinding] {
        guard let url = change.newURL else { return [] }
        guard let parsed = DeliveryURL(url) else {
            return [change.warning(.url, "new URL has no readable host: \(url)")]
        }
        guard let reason = parsed.host.nonPublicReason else { return [] }
        return [change.warning(.url, "new URL points at \(reason): \(url)")]
    }
}

/// Warns when a new URL carries a credential (a user-info password, a `token=`-like query
/// value): every output masks it (`URLCredentials`), but the plan file and the run's files
/// hold it, so they must be kept private.
public struct URLCredentialCheck: ChangeReviewCheck {
    public init() {}

    public func review(_ change: PlannedChange) -> [ReviewFinding] {
        guard let url = change.newURL, URLCredentials.containsCredential(url) else { return [] }
        return [change.warning(.url, "new URL carries a credential, shown masked: \(URLCredentials.masked(url)); "
            + "the saved plan and the run's files hold it in full, keep them private")]
    }
}

/// Warns when a new URL's host is not in the `allow_hosts` list.
public struct AllowedHostsCheck: ChangeReviewCheck {
    public let patterns: [AllowedHostPattern]

    public init(patterns: [AllowedHostPattern]) {
        self.patterns = patterns
    }

    public func review(_ change: PlannedChange) -> [ReviewFinding] {
        guard let url = change.newURL else { return [] }
        let allowed = patterns.map(\.description).joined(separator: ", ")
        guard let host = DeliveryURL(url)?.host else {
            return [change.warning(.url, "new URL has no host that allow_hosts (\(allowed)) could match: \(url)")]
        }
        guard !patterns.contains(where: { $0.matches(host) }) else { return [] }
        return [change.warning(.url, "new URL's host is not in allow_hosts (\(allowed)): \(url)")]
    }
}

/// Warns when a change stops event subscriptions, naming them; narrowing HeyGen's
/// "all events" to a list counts too.
public struct DroppedEventsCheck: ChangeReviewCheck {
    public init() {}

    public func review(_ change: PlannedChange) -> [ReviewFinding] {
        guard let field = change.fields.first(where: { $0.field == .events }),
              case .events(let diff) = FieldDiff(field) else { return [] }
        if let kept = diff.narrowedTo {
            return [change.warning(.events, "narrows from all events to \(Plural.count(kept.count, "listed event")); "
                + "every other event stops")]
        }
        guard !diff.removed.isEmpty else { return [] }
        return [change.warning(.events, "stops \(Plural.count(diff.removed.count, "event subscription")): "
            + diff.removed.joined(separator: ", "))]
    }
}

/// One plan-level warning when a plan changes more webhooks than `maxChanges`, a guard
/// against a script whose `where` matches far more than intended.
public struct BlastRadiusCheck: PlanReviewCheck {
    public let maxChanges: Int

    public init(maxChanges: Int) {
        self.maxChanges = maxChanges
    }

    public func review(_ plan: PlanOutline) -> [ReviewFinding] {
        guard plan.changeCount > maxChanges else { return [] }
        return [ReviewFinding(severity: .warning, key: nil, field: nil,
                              message: "changes \(Plural.count(plan.changeCount, "webhook")), more than "
                                + "max_changes \(maxChanges); narrow the script or raise the limit")]
    }
}

/// The probe's findings (`Plan.probes`): an error for each new URL that gave no HTTP answer or
/// answered 404, 410 or 5xx (deliveries there would be lost), a warning for each that took
/// longer than 2 s. One plan-level finding per distinct URL, naming the webhooks it would receive.
public struct DestinationProbeCheck: PlanReviewCheck {
    public init() {}

    public func review(_ plan: PlanOutline) -> [ReviewFinding] {
        guard let probes = plan.plan.probes else { return [] }
        return probes.compactMap { probe in
            let receivers = plan.receiversByURL[probe.url] ?? 0
            let subject = "destination \(probe.destination) (\(Plural.count(receivers, "webhook")))"
            if !probe.isReachable {
                return ReviewFinding(severity: .error, key: nil, field: nil,
                                     message: "\(subject) is unreachable: \(probe.unreachableBecause); deliveries there would be lost")
            }
            guard probe.isSlow else { return nil }
            return ReviewFinding(severity: .warning, key: nil, field: nil,
                                 message: "\(subject) is slow: answered \(probe.outcome) after more than "
                                    + "\(DestinationProbeResult.slowMilliseconds / 1000) s")
        }
    }
}
