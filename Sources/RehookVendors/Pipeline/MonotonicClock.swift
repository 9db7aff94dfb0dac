/// A clock the engine reads and sleeps on, measured as time elapsed since the clock was made.
///
/// Wraps any `Clock` whose durations are `Duration`, so production code runs on
/// `ContinuousClock` and tests on a virtual clock, without making the engine generic.
public struct MonotonicClock: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Measures from `clock.now` at the moment of creation.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { deadline in try await clock.sleep(until: origin.advanced(by: deadline), tolerance: nil) }
    }

    /// Real time.
    public static var continuous: MonotonicClock { MonotonicClock(ContinuousClock()) }

    /// Time elapsed since the clock was made.
    public var now: Duration { elapsed() }

    /// Suspends until `deadline` (elapsed time); returns at once when it has passed.
    /// Throws `CancellationError` when the task is cancelled while waiting.
    public func sleep(until deadline: Duration) async throws {
        if deadline <= now {
            try Task.checkCancellation()
            return
        }
        try await sleeper(deadline)
    }
}

extension Duration {
    /// The duration as fractional seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// A duration from fractional seconds, in whole nanoseconds (negative and non-finite
    /// values become zero).
    public static func seconds(fractional value: Double) -> Duration {
        guard value.isFinite, value > 0 else { return .zero }
        return .nanoseconds(Int64(min((value * 1e9).rounded(), Double(Int64.max / 2))))
    }
}
