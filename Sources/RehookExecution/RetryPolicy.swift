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

/// When and how long to wait before another attempt of a failed request.
///
/// Exponential backoff with full jitter: before attempt `n + 1` the wait is a uniformly random
/// duration in `0 ... min(maxDelay, baseDelay · 2^(n-1))`. A `Retry-After` from the vendor is a
/// lower bound on the wait. Only `VendorError.isRetryable` failures are retried, and at most
/// `maxAttempts` attempts are made in all.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included (at least 1).
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = max(maxDelay, baseDelay)
    }

    /// The ceiling of the jittered wait after failed attempt `attempt` (1-based).
    public func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 62)
        let ceiling = baseDelay.seconds * Double(1 << exponent)
        return min(maxDelay, .seconds(fractional: ceiling))
    }

    /// How long to wait after failed attempt `attempt` (1-based) before the next one,
    /// or `nil` when the error is not worth retrying or the attempts are used up.
    public func delay(afterAttempt attempt: Int, error: VendorError, jitter: JitterSource) -> Duration? {
        guard error.isRetryable, attempt < maxAttempts else { return nil }
        let jittered = backoffCeiling(afterAttempt: attempt).seconds * jitter.fraction()
        let waited = max(jittered, error.retryAfter ?? 0)
        return .seconds(fractional: waited)
    }
}
