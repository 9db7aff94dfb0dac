import Foundation
import RehookModel
@testable import RehookExecution

/// A virtual clock whose `sleep` returns at once after moving time forward to the deadline,
/// recording every deadline asked for. Tests read the schedule instead of waiting for it.
final class VirtualClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var deadlines: [Duration] = []

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// Every deadline a sleeper asked for, in order.
    var sleeps: [Duration] { lock.withLock { deadlines } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
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
final class ManualClock: Clock, @unchecked Sendable {
    typealias Instant = VirtualClock.Instant

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Sleeper] = []

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// Sleepers waiting now.
    var sleeperCount: Int { lock.withLock { sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
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
    func advance(to offset: Duration) {
        let due = lock.withLock { () -> [Sleeper] in
            current = Instant(offset: offset)
            let due = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            return due
        }
        due.forEach { $0.continuation.resume() }
    }

    /// Waits (yielding) until `count` tasks are asleep on the clock.
    func waitForSleepers(_ count: Int) async {
        while sleeperCount < count { await Task.yield() }
    }
}

/// A thread-safe box for values tests collect from `@Sendable` callbacks.
final class Collector<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Value] = []

    func append(_ value: Value) { lock.withLock { items.append(value) } }
    var values: [Value] { lock.withLock { items } }
}

enum Fixtures {
    static func webhook(_ id: String, vendor: VendorID = .heygen, account: String = "main",
                        url: String = "https://old.acme.com/hook", extras: [FieldName: FieldValue] = [:]) -> Webhook {
        Webhook(vendor: vendor, account: account, id: id, url: url, events: .list(["a.success"]), enabled: true,
                extras: extras)
    }

    /// A change of `url` on `webhook`.
    static func urlChange(_ webhook: Webhook, to url: String = "https://hooks.acme.dev/hook") -> PlannedChange {
        PlannedChange(before: webhook, fields: [FieldChange(field: .url, before: .string(webhook.url), after: .string(url))])
    }

    static func plan(_ changes: [PlannedChange]) -> Plan {
        Plan(createdAt: "2026-11-23T17:00:00Z", source: nil, changes: changes, unchangedMatches: 0)
    }

    static func error(_ kind: VendorError.Kind, _ key: WebhookKey) -> VendorError {
        VendorError(kind, vendor: key.vendor, account: key.account, call: "PATCH /v1/webhook/endpoint.update",
                    message: "vendor says \(kind)")
    }

    /// A fresh state directory under the temporary directory.
    static func stateDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-exec-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Options on a virtual clock, fixed jitter, a fixed wall clock, generous rates.
    static func options(clock: VirtualClock = VirtualClock(), parallelism: Int = 4, perAccount: Int = 2,
                        force: Bool = false, updates: Collector<ExecutionUpdate>? = nil) -> ExecutionOptions {
        ExecutionOptions(parallelism: parallelism, perAccountConcurrency: perAccount,
                         rateLimit: { _ in PacingLimit(requestsPerSecond: 10) },
                         retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(8)),
                         force: force, clock: ExecutionClock(clock), jitter: .constant(0.5),
                         wallClock: { Date(timeIntervalSince1970: 1_795_000_000) },
                         onUpdate: updates.map { collector in { @Sendable update in collector.append(update) } })
    }
}
