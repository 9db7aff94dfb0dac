import Foundation

/// Where the rate limiter reads the time, in seconds on a monotonic scale. Tests inject a
/// fixed or hand-driven clock so that no assertion depends on how fast the machine is.
public struct SandboxClock: Sendable {
    public let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    /// The process's monotonic clock.
    public static let system: SandboxClock = {
        let start = ContinuousClock.now
        return SandboxClock {
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }()

    /// A clock that never moves: a rate limit then admits exactly its burst.
    public static func fixed(at seconds: Double = 0) -> SandboxClock {
        SandboxClock { seconds }
    }
}
