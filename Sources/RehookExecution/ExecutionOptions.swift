import Foundation

/// How a plan is executed.
public struct ExecutionOptions: Sendable {
    /// Writes in flight at once, across all accounts (reads take no permit; see docs/execution.md).
    public var parallelism: Int
    /// Changes worked on at once per account, unless `concurrency` says otherwise for it.
    public var perAccountConcurrency: Int
    /// Per-account override of `perAccountConcurrency` (configured or `--concurrency`).
    public var concurrency: @Sendable (AccountKey) -> Int?
    /// Pacing of each account.
    public var rateLimit: @Sendable (AccountKey) -> PacingLimit
    public var retry: RetryPolicy
    /// Write even when the webhook changed since the plan (the stale check is reported, not obeyed).
    public var force: Bool
    /// Monotonic clock for pacing and backoff (tests inject a virtual one).
    public var clock: ExecutionClock
    public var jitter: JitterSource
    /// Wall-clock time for journal timestamps.
    public var wallClock: @Sendable () -> Date
    /// Called after every event with the counters right after it. Must return quickly.
    public var onUpdate: (@Sendable (ExecutionUpdate) -> Void)?

    public init(parallelism: Int = 8, perAccountConcurrency: Int = 2,
                rateLimit: @escaping @Sendable (AccountKey) -> PacingLimit = { _ in PacingLimit.unlimited },
                retry: RetryPolicy = RetryPolicy(), force: Bool = false, clock: ExecutionClock = .continuous,
                jitter: JitterSource = .system, wallClock: @escaping @Sendable () -> Date = { Date() },
                concurrency: @escaping @Sendable (AccountKey) -> Int? = { _ in nil },
                onUpdate: (@Sendable (ExecutionUpdate) -> Void)? = nil) {
        self.concurrency = concurrency
        self.parallelism = max(1, parallelism)
        self.perAccountConcurrency = max(1, perAccountConcurrency)
        self.rateLimit = rateLimit
        self.retry = retry
        self.force = force
        self.clock = clock
        self.jitter = jitter
        self.wallClock = wallClock
        self.onUpdate = onUpdate
    }
}
