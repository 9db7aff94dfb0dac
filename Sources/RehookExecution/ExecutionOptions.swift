import Foundation
import RehookVendors

/// How a plan is executed. Pacing, retries and the ceiling of requests in flight belong to the
/// account pipelines the writer's adapters use (`AccountPipeline`), not to the engine.
public struct ExecutionOptions: Sendable {
    /// Changes worked on at once per account, unless `concurrency` says otherwise for it.
    public var perAccountConcurrency: Int
    /// Per-account override of `perAccountConcurrency` (configured or `--concurrency`).
    public var concurrency: @Sendable (AccountKey) -> Int?
    /// Write even when the webhook changed since the plan (the stale check is reported, not obeyed).
    public var force: Bool
    /// Monotonic clock for spacing `rollback.json` rewrites and timing the run (tests inject a virtual one).
    public var clock: MonotonicClock
    /// Wall-clock time for journal timestamps.
    public var wallClock: @Sendable () -> Date
    /// Called after every event with the counters right after it. Must return quickly.
    public var onUpdate: (@Sendable (ExecutionUpdate) -> Void)?
    /// Canary wave, failure budget and probing, recorded in the journal. On `resume`, a
    /// `maxFailures` of nil takes the run's recorded one; the canary wave is only this one's.
    public var run: RunOptions
    /// Probes the destinations of the canary changes that landed (nil: not probed again).
    public var destinationCheck: DestinationCheck?
    /// Told what the run is waiting for between the canary and the rest (a line for a person).
    public var onNotice: (@Sendable (String) -> Void)?

    public init(perAccountConcurrency: Int = 2, force: Bool = false, clock: MonotonicClock = .continuous,
                wallClock: @escaping @Sendable () -> Date = { Date() },
                concurrency: @escaping @Sendable (AccountKey) -> Int? = { _ in nil },
                onUpdate: (@Sendable (ExecutionUpdate) -> Void)? = nil, run: RunOptions = RunOptions(),
                destinationCheck: DestinationCheck? = nil, onNotice: (@Sendable (String) -> Void)? = nil) {
        self.run = run
        self.destinationCheck = destinationCheck
        self.onNotice = onNotice
        self.concurrency = concurrency
        self.perAccountConcurrency = max(1, perAccountConcurrency)
        self.force = force
        self.clock = clock
        self.wallClock = wallClock
        self.onUpdate = onUpdate
    }
}
