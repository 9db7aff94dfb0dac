import RehookModel

/// A source of uniformly distributed fractions in `0..<1`, injected so tests can fix jitter.
public struct JitterSource: Sendable {
    private let next: @Sendable () -> Double

    public init(_ next: @escaping @Sendable () -> Double) { self.next = next }

    /// The system random generator.
    public static let system = JitterSource { Double.random(in: 0..<1) }

    /// Always the same fraction (tests).
    public static func constant(_ fraction: Double) -> JitterSource { JitterSource { fraction } }

    /// A fraction clamped into `0...1`.
    func fraction() -> Double { min(max(next(), 0), 1) }
}

/// When and how long to wait before another attempt of a failed request: the one retry
/// policy every call of every account goes through (`AccountPipeline`).
///
/// Exponential backoff with full jitter: before attempt `n + 1` the wait is a uniformly random
/// duration in `0 ... min(maxDelay, baseDelay · 2^(n-1))`. A `Retry-After` from the vendor is a
/// lower bound on the wait. Only `VendorError.isRetryable` failures are retried, at most
/// `maxAttempts` attempts in all (`maxReadAttempts` for reads), and never past `maxTotal`
/// after the first attempt. A host
/// that cannot be reached at all (refused, unknown, TLS failure) gets `unreachableAttempts`
/// quick attempts only: waiting longer rarely brings a refused port back, and a user who mistyped
/// a base URL deserves the error in seconds, not minutes.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included (at least 1).
    public var maxAttempts: Int
    /// Attempts in all for a read: a listing that fails loses the whole plan, and a read is
    /// cheap to repeat, so reads get a few more than writes.
    public var maxReadAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// No retry is started after this much time since the first attempt.
    public var maxTotal: Duration
    /// Attempts in all for a host that cannot be reached, backing off from `unreachableDelay`.
    public var unreachableAttempts: Int
    public var unreachableDelay: Duration
    /// No retry of an unreachable host is started after this much time since the first attempt.
    public var unreachableTotal: Duration

    public init(maxAttempts: Int = 5, maxReadAttempts: Int? = nil, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                maxTotal: Duration = .seconds(120), unreachableAttempts: Int = 3,
                unreachableDelay: Duration = .milliseconds(250), unreachableTotal: Duration = .seconds(6)) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxReadAttempts = max(1, maxReadAttempts ?? (maxAttempts == 1 ? 1 : maxAttempts + 3))
        self.baseDelay = baseDelay
        self.maxDelay = max(maxDelay, baseDelay)
        self.maxTotal = maxTotal
        self.unreachableAttempts = max(1, unreachableAttempts)
        self.unreachableDelay = unreachableDelay
        self.unreachableTotal = unreachableTotal
    }

    /// The ceiling of the jittered wait after failed attempt `attempt` (1-based).
    public func backoffCeiling(afterAttempt attempt: Int, base: Duration? = nil) -> Duration {
        let exponent = min(max(attempt - 1, 0), 62)
        let ceiling = (base ?? baseDelay).seconds * Double(1 << exponent)
        return min(maxDelay, .seconds(fractional: ceiling))
    }

    /// How long to wait after failed attempt `attempt` (1-based) of a request of `kind` before
    /// the next one, or `nil` when the error is not worth retrying, the attempts are used up,
    /// or the wait would end more than `maxTotal` after the first attempt (`elapsed` is the
    /// time since it).
    public func delay(afterAttempt attempt: Int, error: VendorError, kind: RequestKind = .write,
                      elapsed: Duration = .zero, jitter: JitterSource) -> Duration? {
        guard error.isRetryable else { return nil }
        let unreachable = error.kind == .unreachable
        let attempts = unreachable ? unreachableAttempts : (kind == .read ? maxReadAttempts : maxAttempts)
        guard attempt < attempts else { return nil }
        let ceiling = backoffCeiling(afterAttempt: attempt, base: unreachable ? unreachableDelay : nil)
        let waited = Duration.seconds(fractional: max(ceiling.seconds * jitter.fraction(), error.retryAfter ?? 0))
        guard elapsed + waited <= (unreachable ? unreachableTotal : maxTotal) else { return nil }
        return waited
    }
}
