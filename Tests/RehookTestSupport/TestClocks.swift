import Foundation

/// A virtual clock whose `sleep` returns at once after moving time forward to the deadline,
/// recording every deadline asked for. Tests read the schedule instead of waiting for it.
public final class VirtualClock: Clock, @unchecked Sendable {
    public init() {}
    public struct Instant: InstantProtocol {
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var deadlines: [Duration] = []

    public var now: Instant { lock.withLock { current } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Every deadline a sleeper asked for, in order.
    public var sleeps: [Duration] { lock.withLock { deadlines } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock {
            deadlines.append(deadline.offset)
            if deadline > current { current = deadline }
        }
        await Task.yield()
        try Task.checkCancellation()
    }
}

/// A clock that only moves when the test calls `advance(to:)`; sleepers suspend until then.
public final class ManualClock: Clock, @unchecked Sendable {
    public init() {}
    public typealias Instant = VirtualClock.Instant

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Sleeper] = []

    public var now: Instant { lock.withLock { current } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Sleepers waiting now.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let resumeNow = lock.withLock { () -> Bool in
                if deadline <= current { return true }
                sleepers.append(Sleeper(deadline: deadline, continuation: continuation))
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Moves time to `offset` and wakes every sleeper whose deadline has come.
    public func advance(to offset: Duration) {
        let due = lock.withLock { () -> [Sleeper] in
            current = Instant(offset: offset)
            let due = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            return due
        }
        due.forEach { $0.continuation.resume() }
    }

    /// Waits (yielding) until `count` tasks are asleep on the clock.
    public func waitForSleepers(_ count: Int) async {
        while sleeperCount < count { await Task.yield() }
    }
}

