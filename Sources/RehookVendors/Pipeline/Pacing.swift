import RehookModel

/// How fast rehook may call one account: one budget for every request (reads and writes
/// alike), and optionally a stricter one for writes within it.
public struct PacingLimit: Sendable, Hashable {
    /// Every request of the account, per second (`rate` in rehook.toml, `--rate`).
    public var requestsPerSecond: Double
    /// Writes per second, when the vendor limits them more tightly (`write_rate`, `--write-rate`).
    public var writesPerSecond: Double?
    /// Lowest rate adaptive decrease may reach, as a fraction of the configured rate.
    public var floorFraction: Double

    public init(requestsPerSecond: Double, writesPerSecond: Double? = nil, floorFraction: Double = 0.1) {
        self.requestsPerSecond = max(requestsPerSecond, 0.001)
        self.writesPerSecond = writesPerSecond.map { max($0, 0.001) }
        self.floorFraction = min(max(floorFraction, 0.001), 1)
    }

    /// `count` requests per minute.
    public static func perMinute(_ count: Double) -> PacingLimit {
        PacingLimit(requestsPerSecond: count / 60)
    }

    /// No pacing worth the name (10,000/s), for accounts with no configured limit; a 429
    /// still slows the account down adaptively.
    public static let unlimited = PacingLimit(requestsPerSecond: 10_000)
}

/// The pure arithmetic of one budget: a token bucket, kept as the generic cell rate
/// algorithm (a theoretical arrival time), with multiplicative decrease on 429 and additive
/// increase after a second's worth of successes.
///
/// The bucket holds `burst` tokens and refills at the current rate, so no window of length
/// `w` ever sees more than `burst + rate·w` requests — what a vendor's own token bucket of
/// capacity `rate` accepts. `burst` is 80 % of one second's requests (at least one): the
/// remaining tokens absorb requests that reach the vendor closer together than they left —
/// about 0.2 s of it at 5/s and at 100/s, 0.5 s at 2/s. (A fixed 100 ms was tried: at 1,000
/// requests/s on two cores, writes waiting for new connections reached the sandbox up to
/// 0.37 s after their slots, and it answered 429s; `scripts/bench/fleet`.) The interval is
/// 1 % longer than `1/rate` for the same reason. At 1/s or slower no token is spare; there
/// `AccountPacer` times each request from the previous answer instead.
public struct RateSchedule: Sendable, Hashable {
    /// The configured rate (requests per second).
    public let configuredRate: Double
    /// The lowest rate repeated 429s may reach.
    public let floorRate: Double
    /// Requests that may leave at once after a quiet spell.
    public let burst: Int
    /// The rate in force now, between `floorRate` and `configuredRate`.
    public private(set) var currentRate: Double
    /// When the bucket would be full again if nothing else were sent (GCRA's TAT).
    public private(set) var theoreticalArrival: Duration = .zero
    /// Nothing leaves before this (a vendor's `Retry-After`).
    public private(set) var pausedUntil: Duration = .zero
    /// Successes counted towards the next additive increase.
    public private(set) var successesSinceAdjustment = 0
    /// When the rate was last halved: 429s to requests sent before then belong to the same
    /// burst and do not halve it again.
    public private(set) var lastDecreaseAt: Duration?

    public init(requestsPerSecond: Double, floorFraction: Double = 0.1) {
        configuredRate = max(requestsPerSecond, 0.001)
        floorRate = configuredRate * min(max(floorFraction, 0.001), 1)
        currentRate = configuredRate
        burst = max(1, Int((configuredRate * 0.8).rounded(.down)))
    }

    /// When the last of `count` requests may leave, the first leaving at zero on a full bucket
    /// at the current rate (duration estimates use this, the pacer's own arithmetic).
    public func lastSlot(ofRequests count: Int) -> Duration {
        guard count > 1 else { return .zero }
        return max(.zero, interval * (count - 1) - burstTolerance)
    }

    /// Gap between two requests at the current rate: 1 % longer than `1/rate` (whole
    /// nanoseconds, rounded up).
    public var interval: Duration { .nanoseconds(Int64((1.01e9 / currentRate).rounded(.up))) }

    /// How far ahead of its theoretical arrival a request may go: the rest of the burst.
    private var burstTolerance: Duration { interval * (burst - 1) }

    /// The earliest time at or after `now` at which a request conforms.
    public func earliest(now: Duration) -> Duration {
        max(now, theoreticalArrival - burstTolerance, pausedUntil)
    }

    /// Takes the slot at `time` (not before `earliest(now:)`).
    public mutating func commit(at time: Duration) {
        theoreticalArrival = max(theoreticalArrival, time) + interval
    }

    /// Carries the bucket over from an earlier command: nothing conforms before
    /// `theoreticalArrival − (burst−1)·interval`, as if that command's requests had been made here.
    public mutating func carryOver(theoreticalArrival: Duration) {
        self.theoreticalArrival = max(self.theoreticalArrival, theoreticalArrival)
    }

    /// Treats the bucket's last request as having left at `time` rather than at its slot.
    public mutating func anchor(sentAt time: Duration) {
        theoreticalArrival = max(theoreticalArrival, time + interval)
    }

    /// How much later than its slot a request may reach the vendor and still find a token: the
    /// time the vendor takes to refill the spare tokens (the bucket's one second less the burst),
    /// 0.2 s at 5/s, 0.5 s at 2/s, none at 1/s or slower.
    public var arrivalAllowance: Duration {
        .seconds(fractional: (max(1, configuredRate) - Double(burst)) / configuredRate)
    }

    /// A request answered at `time` reached the vendor by then: anchors the bucket at the part
    /// of that the spare tokens do not already absorb, `time − arrivalAllowance`.
    public mutating func anchor(answeredAt time: Duration) {
        anchor(sentAt: time - arrivalAllowance)
    }

    /// Reserves the next conforming slot at or after `now` and returns it.
    public mutating func reserve(now: Duration) -> Duration {
        let slot = earliest(now: now)
        commit(at: slot)
        return slot
    }

    /// A 429 to a request sent at `sentAt`: halve the rate (not below the floor) unless the
    /// request went out before the previous halving (one burst of 429s halves once); empty the
    /// bucket (the vendor's is empty); and, when the vendor said how long to wait, send nothing
    /// before `now + retryAfter`.
    public mutating func recordRateLimited(now: Duration, sentAt: Duration? = nil, retryAfter: Double?) {
        if let lastDecreaseAt, let sentAt, sentAt < lastDecreaseAt {
            // Already slowed down for this burst.
        } else {
            currentRate = max(floorRate, currentRate / 2)
            lastDecreaseAt = now
        }
        successesSinceAdjustment = 0
        pausedUntil = max(pausedUntil, now + .seconds(fractional: retryAfter ?? 0))
        theoreticalArrival = max(theoreticalArrival, pausedUntil + burstTolerance)
    }

    /// A success. After one second's worth of successes at the current rate (at least one),
    /// the rate grows by a tenth of the configured rate, up to the configured rate.
    public mutating func recordSuccess() {
        guard currentRate < configuredRate else { return }
        successesSinceAdjustment += 1
        if successesSinceAdjustment >= max(1, Int(currentRate.rounded(.up))) {
            currentRate = min(configuredRate, currentRate + configuredRate / 10)
            successesSinceAdjustment = 0
        }
    }
}

/// Whether a request reads or writes: writes may have a stricter budget of their own.
public enum RequestKind: Sendable, Hashable {
    case read, write
}

/// One account's pacer: every request takes a slot of the account's budget, a write also one
/// of the write budget. Reservation happens inside the actor; callers sleep outside it, so a
/// waiting request never blocks others from reserving. A 429 on any call slows them all.
public actor AccountPacer {
    public private(set) var requests: RateSchedule
    public private(set) var writes: RateSchedule?
    private let clock: MonotonicClock
    /// Whether a response has anchored the buckets yet (`answered(succeeded:)`).
    private var anchored = false
    /// The configured pace.
    public nonisolated let limit: PacingLimit
    /// The turn every request takes when the account's rate is 1/s or slower, and the one
    /// writes take when only its write rate is (`pacesFromAnswers`).
    private let requestTurn = AsyncSemaphore(permits: 1)
    private let writeTurn = AsyncSemaphore(permits: 1)

    /// - Parameter carriedOver: the buckets an earlier command left (`bucketsFreeAt`), so that
    ///   a command started right after another does not open with a burst the vendor's bucket
    ///   no longer holds.
    public init(limit: PacingLimit, clock: MonotonicClock, carriedOver: BucketTimes? = nil) {
        self.limit = limit
        self.clock = clock
        self.requests = RateSchedule(requestsPerSecond: limit.requestsPerSecond, floorFraction: limit.floorFraction)
        self.writes = limit.writesPerSecond.map { RateSchedule(requestsPerSecond: $0, floorFraction: limit.floorFraction) }
        if let carriedOver {
            let now = clock.now
            requests.carryOver(theoreticalArrival: now + .seconds(fractional: carriedOver.requests))
            if let writes = carriedOver.writes { self.writes?.carryOver(theoreticalArrival: now + .seconds(fractional: writes)) }
        }
    }

    /// Seconds from now until each bucket is full again (negative: already full), to carry
    /// over to the next command.
    public struct BucketTimes: Sendable, Hashable, Codable {
        public var requests: Double
        public var writes: Double?

        public init(requests: Double, writes: Double?) {
            self.requests = requests
            self.writes = writes
        }
    }

    /// The buckets now, as `BucketTimes`.
    public func bucketsFreeAt() -> BucketTimes {
        let now = clock.now
        return BucketTimes(requests: (requests.theoreticalArrival - now).seconds,
                           writes: writes.map { ($0.theoreticalArrival - now).seconds })
    }

    /// Reserves the next slot a request of `kind` may use and returns its time on the clock.
    public func reserveSlot(_ kind: RequestKind = .read) -> Duration {
        let now = clock.now
        guard kind == .write, var writes else { return requests.reserve(now: now) }
        let slot = max(requests.earliest(now: now), writes.earliest(now: now))
        requests.commit(at: slot)
        writes.commit(at: slot)
        self.writes = writes
        return slot
    }

    /// A 429 to a request sent at `sentAt` (pacer clock): the whole account slows down.
    public func recordRateLimited(sentAt: Duration, retryAfter: Double?) {
        let now = clock.now
        requests.recordRateLimited(now: now, sentAt: sentAt, retryAfter: retryAfter)
        writes?.recordRateLimited(now: now, sentAt: sentAt, retryAfter: retryAfter)
    }

    /// A request was answered now, successfully or not (one actor hop per answer). A success
    /// counts towards recovering the rate. The first answer of the command anchors the buckets
    /// (`RateSchedule.anchor(answeredAt:)`): a command's first requests wait for the HTTP client
    /// to start and connect, so they may reach the vendor late, and the requests after them on
    /// time — closer together than paced. The first request reached the vendor by its answer;
    /// as much of that as the spare tokens absorb is not waited for again. (Later requests reuse
    /// the connections; the spare tokens absorb their jitter. Anchoring at the answer itself
    /// cost one latency per account: 0.5 s at 2/s, where a token takes longer than an answer.)
    public func answered(succeeded: Bool) {
        if succeeded {
            requests.recordSuccess()
            writes?.recordSuccess()
        }
        guard !anchored else { return }
        anchored = true
        let now = clock.now
        requests.anchor(answeredAt: now)
        writes?.anchor(answeredAt: now)
    }

    /// Whether requests of `kind` go one at a time, each timed from the previous answer: where
    /// the vendor's bucket holds a single request (1/s or slower) no spare token absorbs
    /// jitter, and only the answer proves the previous request has arrived. A stricter write
    /// rate of 1/s or slower (JoggAI's 20/m) does this to the writes alone.
    nonisolated public func pacesFromAnswers(_ kind: RequestKind) -> Bool {
        limit.requestsPerSecond <= 1 || (kind == .write && (limit.writesPerSecond ?? .infinity) <= 1)
    }

    private nonisolated var allRequestsTakeTurns: Bool { limit.requestsPerSecond <= 1 }

    /// Waits for the turn of a request of `kind` when it `pacesFromAnswers` (at once otherwise).
    nonisolated public func takeTurn(_ kind: RequestKind) async {
        guard pacesFromAnswers(kind) else { return }
        await (allRequestsTakeTurns ? requestTurn : writeTurn).acquire()
    }

    /// Ends the turn taken with `takeTurn(kind)`: what it paced is timed from now, the answer.
    /// (No actor hop when the account takes no turns.)
    nonisolated public func endTurn(_ kind: RequestKind) async {
        guard pacesFromAnswers(kind) else { return }
        await passTurn(kind)
    }

    private func passTurn(_ kind: RequestKind) async {
        let now = clock.now
        if allRequestsTakeTurns { requests.anchor(sentAt: now) }
        writes?.anchor(sentAt: now)
        await (allRequestsTakeTurns ? requestTurn : writeTurn).release()
    }

    /// Reserves a slot and sleeps until it (outside the actor); returns the slot.
    @discardableResult
    nonisolated public func waitForSlot(_ kind: RequestKind = .read) async throws -> Duration {
        let slot = await reserveSlot(kind)
        try await clock.sleep(until: slot)
        return slot
    }

    /// Suspends until `deadline` on the pacer's clock; throws when the task is cancelled.
    nonisolated public func sleep(until deadline: Duration) async throws {
        try await clock.sleep(until: deadline)
    }

    /// The pacer's clock reading now.
    nonisolated public var now: Duration { clock.now }

    /// How late after its slot a request may still go out: half the configured interval
    /// (later, and it would crowd the account's next slot), and at least a millisecond.
    nonisolated public var tolerance: Duration {
        let slowest = min(limit.requestsPerSecond, limit.writesPerSecond ?? .infinity)
        return .nanoseconds(max(1_000_000, Int64((0.5e9 / slowest).rounded(.down))))
    }
}
