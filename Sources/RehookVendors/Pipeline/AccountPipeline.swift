import Logging
import RehookModel

/// What the caller of a request learns about each of its attempts (the execution engine
/// journals them). Bound for a task with `RequestAttempts.$observer.withValue(…)`.
public struct RequestAttemptObserver: Sendable {
    /// Just before attempt `attempt` (1-based) leaves. Throwing abandons the request.
    public var willSend: @Sendable (_ attempt: Int) async throws -> Void
    /// Attempt `attempt` failed with `error` and will be retried after `delay`.
    public var willRetry: @Sendable (_ attempt: Int, _ delay: Duration, _ error: VendorError) async throws -> Void

    public init(willSend: @escaping @Sendable (Int) async throws -> Void,
                willRetry: @escaping @Sendable (Int, Duration, VendorError) async throws -> Void) {
        self.willSend = willSend
        self.willRetry = willRetry
    }
}

/// The observer of the requests made by the current task, if any.
public enum RequestAttempts {
    @TaskLocal public static var observer: RequestAttemptObserver?
}

/// A request that waits noticeably (a rate slot, a `Retry-After`, a backoff), for a terminal's
/// status line.
public struct RequestWait: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case rateSlot, retryAfter, backoff
    }

    public var vendor: VendorID
    public var account: String
    public var call: String
    public var reason: Reason
    public var seconds: Double

    public init(vendor: VendorID, account: String, call: String, reason: Reason, seconds: Double) {
        self.vendor = vendor
        self.account = account
        self.call = call
        self.reason = reason
        self.seconds = seconds
    }
}

/// One account's request pipeline: every call the account's adapter makes — listings, event
/// catalogues, re-reads and writes, from plan, apply, resume or the REPL — goes through it.
///
/// Each attempt takes a slot of the account's budget (`AccountPacer`), then room under the
/// fleet's in-flight limit (`InFlightLimit`, which learns the vendors' latency from the
/// answers), and leaves only if the task has not been cancelled. Failures are
/// retried here and nowhere else (`RetryPolicy`); a 429 on any call slows the whole account.
/// A request already sent when its task is cancelled (Ctrl-C) gets two seconds to finish,
/// then is cancelled.
public struct AccountPipeline: Sendable {
    public let vendor: VendorID
    public let account: String
    public let pacer: AccountPacer
    public let retry: RetryPolicy
    /// Requests in flight across the fleet, sized from the work (`InFlightLimit`); nil: no limit.
    public let inFlight: InFlightLimit?
    public let jitter: JitterSource
    /// Told about waits of a second or more.
    public let onWait: (@Sendable (RequestWait) -> Void)?
    /// Requests this account has sent (every attempt), for duration bounds.
    public let sent = SentRequests()
    /// The request log (`--log-level debug`); nil: none.
    public let log: RequestLog?
    /// How long a request in flight may go on after its task was cancelled.
    public static let cancellationGrace: Duration = .seconds(2)

    public init(vendor: VendorID, account: String, limit: PacingLimit, retry: RetryPolicy = RetryPolicy(),
                inFlight: InFlightLimit? = nil, clock: MonotonicClock = .continuous, jitter: JitterSource = .system,
                carriedOver: AccountPacer.BucketTimes? = nil, onWait: (@Sendable (RequestWait) -> Void)? = nil,
                logger: Logger? = nil) {
        self.vendor = vendor
        self.account = account
        self.pacer = AccountPacer(limit: limit, clock: clock, carriedOver: carriedOver)
        self.retry = retry
        self.inFlight = inFlight
        self.jitter = jitter
        self.onWait = onWait
        self.log = logger.map { RequestLog(logger: $0, vendor: vendor, account: account) }
    }

    /// One attempt per call and no pacing worth the name: adapters built without a fleet
    /// (adapter tests, one-off tools) see each vendor answer as it is.
    public static func singleAttempt(_ vendor: VendorID, account: String) -> AccountPipeline {
        AccountPipeline(vendor: vendor, account: account, limit: .unlimited,
                        retry: RetryPolicy(maxAttempts: 1, unreachableAttempts: 1))
    }

    /// Runs `send` (one attempt of `call`) until it succeeds, fails for good, or the task is
    /// cancelled (`.interrupted`: nothing more was sent).
    public func perform<T: Sendable>(_ kind: RequestKind, call: String,
                                     _ send: @escaping @Sendable () async throws(VendorError) -> T)
        async throws(VendorError) -> T {
        let observer = RequestAttempts.observer
        let started = pacer.now
        var attempt = 0
        while true {
            attempt += 1
            let outcome = try await attemptOnce(kind, call: call, attempt: attempt, observer: observer, send)
            let error: VendorError
            switch outcome.result {
            case .success(let value):
                await pacer.answered(succeeded: true)
                return value
            case .failure(let failure):
                await pacer.answered(succeeded: false)
                error = failure
            }
            if Task.isCancelled || error.kind == .interrupted { throw interrupted(call, inFlight: true) }
            if case .rateLimited = error.kind {
                await pacer.recordRateLimited(sentAt: outcome.sentAt, retryAfter: error.retryAfter)
            }
            guard let delay = retry.delay(afterAttempt: attempt, error: error, kind: kind, elapsed: pacer.now - started,
                                          jitter: jitter) else {
                log?.gaveUp(call, after: attempt, error: error)
                throw attempt > 1 ? error.afterAttempts(attempt, in: pacer.now - started) : error
            }
            do {
                try await observer?.willRetry(attempt, delay, error)
                log?.retry(call, after: attempt, delay: delay, error: error)
                report(call, error.retryAfter != nil ? .retryAfter : .backoff, delay)
                try await pacer.sleep(until: pacer.now + delay)
            } catch {
                throw interrupted(call, inFlight: false)
            }
        }
    }

    /// One attempt: the observer told (the engine journals `sent`, with an fsync), then a slot,
    /// a permit, the send (shielded from cancellation for the grace period). The observer goes
    /// first so that nothing slow stands between a slot and its send: an fsync there delayed
    /// sends by varying amounts and bunched them up at the vendor.
    private func attemptOnce<T: Sendable>(
        _ kind: RequestKind, call: String, attempt: Int, observer: RequestAttemptObserver?,
        _ send: @escaping @Sendable () async throws(VendorError) -> T
    ) async throws(VendorError) -> (sentAt: Duration, result: Result<T, VendorError>) {
        guard !Task.isCancelled else { throw interrupted(call, inFlight: false) }
        do {
            try await observer?.willSend(attempt)
        } catch {
            throw interrupted(call, inFlight: false)
        }
        let began = pacer.now
        await pacer.takeTurn(kind)
        let slot: Duration
        do {
            slot = try await waitForSlot(kind, call: call)
        } catch {
            await pacer.endTurn(kind)
            throw error
        }
        let status = Locked<Int?>(nil)
        let outcome = await AttemptStatus.$current.withValue(log == nil ? nil : status) {
            await sendInSlot(slot, kind, call: call, send)
        }
        await pacer.endTurn(kind)
        if let log, case .success(let sent) = outcome {
            let failure: VendorError? = if case .failure(let error) = sent.result { error } else { nil }
            log.attempt(call, number: attempt, status: status.withLock { $0 }, error: failure,
                        elapsed: pacer.now - sent.sentAt, waited: sent.sentAt - began)
        }
        return try outcome.get()
    }

    /// The attempt from its slot on: a permit of the ceiling, then the send.
    private func sendInSlot<T: Sendable>(
        _ reserved: Duration, _ kind: RequestKind, call: String,
        _ send: @escaping @Sendable () async throws(VendorError) -> T
    ) async -> Result<(sentAt: Duration, result: Result<T, VendorError>), VendorError> {
        var slot = reserved
        if let inFlight { await inFlight.acquire() }
        let outcome: Result<(sentAt: Duration, result: Result<T, VendorError>), VendorError>
        var latency: Duration?
        do throws(VendorError) {
            // Held past its slot by the ceiling: take a fresh slot rather than go out bunched
            // up with this account's later ones.
            if pacer.now - slot > pacer.tolerance { slot = try await waitForSlot(kind, call: call) }
            let sentAt = pacer.now
            let result = try await sendShielded(call: call, kind: kind, send)
            latency = pacer.now - sentAt
            outcome = .success((slot, result))
        } catch {
            outcome = .failure(error)
        }
        if let inFlight { await inFlight.release(latency: latency) }
        return outcome
    }

    /// Sends unless the task was cancelled; a send under way when the task is cancelled runs on
    /// for `cancellationGrace`, then is cancelled too.
    private func sendShielded<T: Sendable>(
        call: String, kind: RequestKind,
        _ send: @escaping @Sendable () async throws(VendorError) -> T
    ) async throws(VendorError) -> Result<T, VendorError> {
        guard !Task.isCancelled else { throw interrupted(call, inFlight: false) }
        sent.count(kind)
        let request = Task { () async -> Result<T, VendorError> in
            do throws(VendorError) { return .success(try await send()) } catch { return .failure(error) }
        }
        return await withTaskCancellationHandler {
            await request.value
        } onCancel: {
            Task {
                try? await Task.sleep(for: Self.cancellationGrace)
                request.cancel()
            }
        }
    }

    private func waitForSlot(_ kind: RequestKind, call: String) async throws(VendorError) -> Duration {
        do {
            let slot = await pacer.reserveSlot(kind)
            report(call, .rateSlot, slot - pacer.now)
            try await pacer.sleep(until: slot)
            return slot
        } catch {
            throw interrupted(call, inFlight: false)
        }
    }

    private func report(_ call: String, _ reason: RequestWait.Reason, _ wait: Duration) {
        guard let onWait, wait >= .seconds(1) else { return }
        onWait(RequestWait(vendor: vendor, account: account, call: call, reason: reason, seconds: wait.seconds))
    }

    private func interrupted(_ call: String, inFlight: Bool) -> VendorError {
        VendorError(.interrupted, vendor: vendor, account: account, call: call,
                    message: inFlight ? "interrupted while in flight" : "interrupted before it was sent")
    }
}

/// How many requests (and how many of them writes) an account has sent, every attempt counted.
public final class SentRequests: Sendable {
    /// Requests, and how many of them were writes.
    public struct Counts: Sendable, Hashable {
        public var requests = 0
        public var writes = 0

        public init() {}
    }

    private let counts = Locked(Counts())

    public init() {}

    func count(_ kind: RequestKind) {
        counts.withLock { counts in
            counts.requests += 1
            if kind == .write { counts.writes += 1 }
        }
    }

    /// The counts so far.
    public var snapshot: Counts { counts.withLock { $0 } }
}

extension VendorError {
    /// The last error of a request that was tried `attempts` times.
    func afterAttempts(_ attempts: Int, in elapsed: Duration) -> VendorError {
        var error = self
        error.message += " (\(attempts) attempts in \(Self.formatSeconds(elapsed.seconds)))"
        return error
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds < 10 ? "\((seconds * 10).rounded() / 10) s" : "\(Int(seconds.rounded())) s"
    }
}
