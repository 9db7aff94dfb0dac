import DequeModule

/// A counting semaphore for async code, first come first served.
///
/// Waiters are not cancellable: a cancelled waiter still receives its permit once a holder
/// releases one (holders always do), then checks for cancellation and gives it back.
public actor AsyncSemaphore {
    private var available: Int
    private var waiters: Deque<CheckedContinuation<Void, Never>> = []

    /// A semaphore with `permits` permits (at least one).
    public init(permits: Int) { available = max(1, permits) }

    /// Waits for a permit (not cancellable: see above).
    public func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a permit back.
    public func release() {
        if let next = waiters.popFirst() {
            next.resume()
        } else {
            available += 1
        }
    }

    /// Runs `body` holding one permit.
    nonisolated public func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}
