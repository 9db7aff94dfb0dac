import RehookModel

/// The pace the engine keeps for one account (the app derives it from the account's configured
/// rates, which default to the vendor's published figures).
public struct PacingLimit: Sendable, Hashable {
    /// Requests per second rehook allows itself.
    public var requestsPerSecond: Double
    /// Reads (LIST/GET) are paced too. `false` where the vendor limits only writes (JoggAI).
    public var pacesReads: Bool
    /// Lowest rate adaptive decrease may reach, as a fraction of `requestsPerSecond`.
    public var floorFraction: Double

    public init(requestsPerSecond: Double, pacesReads: Bool = true, floorFraction: Double = 0.1) {
        self.requestsPerSecond = max(requestsPerSecond, 0.001)
        self.pacesReads = pacesReads
        self.floorFraction = min(max(floorFraction, 0.001), 1)
    }

    /// `count` requests per minute.
    public static func perMinute(_ count: Double, pacesReads: Bool = true) -> PacingLimit {
        PacingLimit(requestsPerSecond: count / 60, pacesReads: pacesReads)
    }

    /// The lowest rate after repeated 429s.
    public var floor: Double { requestsPerSecond * floorFraction }

    /// No pacing worth the name (10,000/s), for accounts with no configured limit; a 429
    /// still slows the account down adaptively.
    public static let unlimited = PacingLimit(requestsPerSecond: 10_000)
}

/// The pure arithmetic of one account's pacing: evenly spaced slots at the current rate,
/// multiplicative decrease on 429, additive increase per window of successes.
///
/// Evenly spaced slots `1/rate` apart put at most `rate` requests in every half-open
/// one-second window, wherever the window starts, so a burst never exceeds the limit.
public struct RateSchedule: Sendable, Hashable {
    public let limit: PacingLimit
    /// The rate in force now (requests per second), between `limit.floor` and the configured rate.
    public private(set) var currentRate: Double
    /// The earliest time the next request may be sent.
    public private(set) var nextFreeSlot: Duration = .zero
    /// Successes counted towards the next additive increase.
    public private(set) var successesSinceAdjustment = 0
    /// When the rate was last halved: 429s to requests sent before then belong to the same
    /// burst and do not halve it again.
    public private(set) var lastDecreaseAt: Duration?

    public init(limit: PacingLimit) {
        self.limit = limit
        self.currentRate = limit.requestsPerSecond
    }

    /// Gap between two slots at the current rate, rounded up to whole nanoseconds so that
    /// rounding never squeezes one slot too many into a window.
    public var interval: Duration { .nanoseconds(Int64((1e9 / currentRate).rounded(.up))) }

    /// Reserves the next slot at or after `now` and returns it; the caller sleeps until then.
    public mutating func reserve(now: Duration) -> Duration {
        let slot = max(now, nextFreeSlot)
        nextFreeSlot = slot + interval
        return slot
    }

    /// A 429 to a request sent at `sentAt`: halve the rate (not below the floor) unless the
    /// request went out before the previous halving (one burst of 429s halves once), and, when
    /// the vendor said how long to wait, send nothing on this account before `now + retryAfter`.
    public mutating func recordRateLimited(now: Duration, sentAt: Duration? = nil, retryAfter: Double?) {
        if let lastDecreaseAt, let sentAt, sentAt < lastDecreaseAt {
            // Already slowed down for this burst.
        } else {
            currentRate = max(limit.floor, currentRate / 2)
            lastDecreaseAt = now
        }
        successesSinceAdjustment = 0
        let pause = now + .seconds(fractional: retryAfter ?? 0)
        nextFreeSlot = max(nextFreeSlot, pause)
    }

    /// A success. After one second's worth of successes at the current rate (at least one),
    /// the rate grows by a tenth of the configured rate, up to the configured rate.
    public mutating func recordSuccess() {
        guard currentRate < limit.requestsPerSecond else { return }
        successesSinceAdjustment += 1
        if successesSinceAdjustment >= max(1, Int(currentRate.rounded(.up))) {
            currentRate = min(limit.requestsPerSecond, currentRate + limit.requestsPerSecond / 10)
            successesSinceAdjustment = 0
        }
    }
}

/// One account's rate limiter. Reservation happens inside the actor; the caller sleeps
/// outside it, so a waiting request never blocks others from reserving.
public actor AccountRateLimiter {
    public private(set) var schedule: RateSchedule
    private let clock: ExecutionClock
    /// The configured pace.
    public nonisolated let limit: PacingLimit

    public init(limit: PacingLimit, clock: ExecutionClock) {
        self.schedule = RateSchedule(limit: limit)
        self.clock = clock
        self.limit = limit
    }

    /// Reserves the next free slot and returns its time on the limiter's clock.
    public func reserveSlot() -> Duration {
        schedule.reserve(now: clock.now)
    }

    /// A 429 to a request sent at `sentAt` (limiter clock).
    public func recordRateLimited(sentAt: Duration, retryAfter: Double?) {
        schedule.recordRateLimited(now: clock.now, sentAt: sentAt, retryAfter: retryAfter)
    }

    public func recordSuccess() {
        schedule.recordSuccess()
    }

    /// Reserves a slot and sleeps until it (outside the actor); returns the slot.
    @discardableResult
    nonisolated public func waitForSlot() async throws -> Duration {
        let slot = await reserveSlot()
        try await clock.sleep(until: slot)
        return slot
    }

    /// The limiter's clock reading now.
    nonisolated public var now: Duration { clock.now }

    /// How late after its slot a request may still go out: half the configured interval
    /// (later, and it would crowd the account's next slot), and at least a millisecond.
    nonisolated public var tolerance: Duration {
        .nanoseconds(max(1_000_000, Int64((0.5e9 / limit.requestsPerSecond).rounded(.down))))
    }
}
