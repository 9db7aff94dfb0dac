import RehookModel

/// Something that happened to one change while a plan is executed.
public enum ExecutionEvent: Sendable, Hashable {
    /// Work on the change began (its live state is being read).
    case started(WebhookKey)
    /// A request failed and will be tried again after `after`; `rateLimited` for a 429.
    case retried(WebhookKey, after: Duration, reason: String, rateLimited: Bool)
    /// The webhook is in its planned state; `alreadyApplied` when nothing had to be sent.
    case applied(WebhookKey, alreadyApplied: Bool)
    /// The change failed for good in this run.
    case failed(WebhookKey, message: String)
    /// The change was not written (stale).
    case skipped(WebhookKey, reason: String)
    /// The write landed but read-back verification has something to say.
    case verifyWarning(WebhookKey, message: String)

    public var key: WebhookKey {
        switch self {
        case .started(let key), .retried(let key, _, _, _), .applied(let key, _), .failed(let key, _),
             .skipped(let key, _), .verifyWarning(let key, _): key
        }
    }
}

/// Counters of one vendor's part of a run.
public struct VendorProgress: Sendable, Hashable {
    public var total = 0
    public var applied = 0
    public var failed = 0
    public var skipped = 0
    /// Requests tried again (any reason).
    public var retries = 0
    /// 429 answers seen.
    public var rateLimited = 0
    public var verifyWarnings = 0
    /// Elapsed time at this vendor's latest outcome (its share of the run's time).
    public var lastOutcomeAt: Duration = .zero
    /// Elapsed time at this vendor's first outcome in this execution; rates count from here,
    /// not from the start, so reading before the first change finished does not dilute them.
    public var firstOutcomeAt: Duration?

    public init(total: Int = 0, applied: Int = 0, failed: Int = 0, skipped: Int = 0, retries: Int = 0,
                rateLimited: Int = 0, verifyWarnings: Int = 0, lastOutcomeAt: Duration = .zero,
                firstOutcomeAt: Duration? = nil) {
        self.firstOutcomeAt = firstOutcomeAt
        self.total = total
        self.applied = applied
        self.failed = failed
        self.skipped = skipped
        self.retries = retries
        self.rateLimited = rateLimited
        self.verifyWarnings = verifyWarnings
        self.lastOutcomeAt = lastOutcomeAt
    }

    /// Changes with an outcome.
    public var done: Int { applied + failed + skipped }

    /// Every change has an outcome.
    public var isFinished: Bool { done >= total }
}

/// The state of a run at one moment, for progress display and the final summary.
public struct ProgressSnapshot: Sendable, Hashable {
    /// Time since this execution started (a resumed run counts from its resumption).
    public var elapsed: Duration
    public var vendors: [VendorID: VendorProgress]
    /// Changes finished before this execution started (resumed runs), excluded from rates.
    public var doneAtStart: [VendorID: Int]

    public init(elapsed: Duration = .zero, vendors: [VendorID: VendorProgress] = [:], doneAtStart: [VendorID: Int] = [:]) {
        self.elapsed = elapsed
        self.vendors = vendors
        self.doneAtStart = doneAtStart
    }

    /// Counters of every vendor added up.
    public var totals: VendorProgress {
        vendors.values.reduce(into: VendorProgress()) { sum, part in
            sum.total += part.total
            sum.applied += part.applied
            sum.failed += part.failed
            sum.skipped += part.skipped
            sum.retries += part.retries
            sum.rateLimited += part.rateLimited
            sum.verifyWarnings += part.verifyWarnings
            sum.lastOutcomeAt = max(sum.lastOutcomeAt, part.lastOutcomeAt)
        }
    }

    /// Updates the counters for one event that happened at `elapsed`.
    public mutating func record(_ event: ExecutionEvent, at elapsed: Duration) {
        self.elapsed = elapsed
        let vendor = event.key.vendor
        var part = vendors[vendor] ?? VendorProgress()
        switch event {
        case .started: break
        case .retried(_, _, _, let rateLimited):
            part.retries += 1
            if rateLimited { part.rateLimited += 1 }
        case .applied: part.applied += 1
        case .failed: part.failed += 1
        case .skipped: part.skipped += 1
        case .verifyWarning: part.verifyWarnings += 1
        }
        switch event {
        case .applied, .failed, .skipped:
            part.lastOutcomeAt = elapsed
            if part.firstOutcomeAt == nil { part.firstOutcomeAt = elapsed }
        case .started, .retried, .verifyWarning: break
        }
        vendors[vendor] = part
    }
}

/// An event and the snapshot right after it, as delivered to the progress callback.
public struct ExecutionUpdate: Sendable, Hashable {
    public var event: ExecutionEvent
    public var snapshot: ProgressSnapshot
}
