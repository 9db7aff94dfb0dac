import DequeModule

/// The fleet's requests in flight, sized from the work: what the accounts' rates allow at the
/// latency the vendors answer with (Little's law: in flight = rate × latency), plus each
/// account's burst, within each account's concurrency and a global ceiling (`--parallelism`
/// when given).
///
/// Until the first answers arrive, latency is assumed to be one second; afterwards the limit
/// follows a moving average of the observed latency, with half as much again as headroom, so
/// it grows when the vendors slow down and shrinks when they answer quickly. Waiters are served
/// first come first served and are not cancellable (as `AsyncSemaphore`'s).
public actor InFlightLimit {
    /// What one account may keep in flight, before latency is known.
    public struct AccountShare: Sendable, Hashable {
        /// Requests per second the account may make (`PacingLimit.requestsPerSecond`).
        public var rate: Double
        /// Requests the account's pacer lets leave at once.
        public var burst: Int
        /// Changes the account works on at once.
        public var concurrency: Int

        public init(rate: Double, burst: Int, concurrency: Int) {
            self.rate = rate
            self.burst = burst
            self.concurrency = concurrency
        }

        /// An account paced by `limit` working on `concurrency` changes at once.
        public init(limit: PacingLimit, concurrency: Int) {
            self.init(rate: limit.requestsPerSecond, burst: RateSchedule(requestsPerSecond: limit.requestsPerSecond).burst,
                      concurrency: concurrency)
        }

        /// min(concurrency, burst + rate × latency × 1.5, rounded up, + 1).
        func wanted(latency: Double) -> Int {
            let byRate = (min(rate, 100_000) * latency * InFlightLimit.headroom).rounded(.up)
            return min(max(1, concurrency), burst + Int(byRate) + 1)
        }
    }

    /// The global ceiling when none is given (the CLI sizes its own from the open-files limit).
    public static let defaultCeiling = 1024
    /// The smallest limit the work may shrink it to (the former fixed default).
    public static let floor = 16
    /// Latency assumed before any answer.
    public static let assumedLatency = 1.0
    static let headroom = 1.5
    /// Weight of each new observation in the moving average.
    static let smoothing = 0.1

    private let shares: [AccountShare]
    /// Most requests ever in flight at once.
    public nonisolated let ceiling: Int
    /// Requests allowed in flight now.
    public private(set) var limit: Int
    /// The moving average of answers' latency, seconds (`assumedLatency` until the first).
    public private(set) var latency: Double = InFlightLimit.assumedLatency
    /// Most requests that were in flight at once.
    public private(set) var peak = 0
    private var inUse = 0
    private var observed = 0
    /// Requests waiting for room.
    public var waiting: Int { waiters.count }
    private var waiters: Deque<CheckedContinuation<Void, Never>> = []

    /// A limit for `accounts` under `ceiling` (`defaultCeiling` when nil).
    public init(accounts: [AccountShare], ceiling: Int? = nil) {
        self.shares = accounts
        self.ceiling = max(1, ceiling ?? Self.defaultCeiling)
        self.limit = Self.size(accounts, latency: Self.assumedLatency, ceiling: max(1, ceiling ?? Self.defaultCeiling))
    }

    /// A fixed limit of `permits` (no accounts to size it from): tests and one-off tools.
    public init(fixed permits: Int) {
        self.shares = []
        self.ceiling = max(1, permits)
        self.limit = max(1, permits)
    }

    /// The limit for `accounts` answering in `latency` seconds: the sum of their shares, at least
    /// `floor` and at most `ceiling`.
    public static func size(_ accounts: [AccountShare], latency: Double, ceiling: Int) -> Int {
        guard !accounts.isEmpty else { return ceiling }
        let wanted = accounts.reduce(0) { $0 + $1.wanted(latency: latency) }
        return min(ceiling, max(min(floor, ceiling), wanted))
    }

    /// Waits for room under the limit (not cancellable: see above).
    public func acquire() async {
        if inUse < limit && waiters.isEmpty {
            take()
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives the room back; `latency`, when given, is how long the vendor took to answer.
    public func release(latency observation: Duration? = nil) {
        inUse -= 1
        if let observation { observe(observation) }
        admitWaiters()
    }

    private func take() {
        inUse += 1
        peak = max(peak, inUse)
    }

    private func admitWaiters() {
        while inUse < limit, let next = waiters.popFirst() {
            take()
            next.resume()
        }
    }

    private func observe(_ observation: Duration) {
        guard !shares.isEmpty else { return }
        let seconds = observation.seconds
        observed += 1
        latency = observed == 1 ? seconds : latency + Self.smoothing * (seconds - latency)
        // Resizing is a sum over the accounts: every 32 answers is often enough to follow a change.
        if observed == 1 || observed % 32 == 0 {
            limit = Self.size(shares, latency: latency, ceiling: ceiling)
        }
    }
}
