import Dispatch
import Foundation
import RehookModel
import RehookVendors

/// Keeps `rollback.json` up to date while changes land, without stalling the run: each rewrite
/// (encode the whole rollback plan, write, fsync, rename) runs on a private serial queue, and
/// rewrites are spaced so that they take at most a tenth of the time (at least a second apart).
/// A large run would otherwise spend most of its time re-encoding an ever larger file.
///
/// The journal holds the same information (`observed_before`/`reported`), so a crash between
/// rewrites loses nothing: `rehook apply --resume` rebuilds the rollback from the journal.
final class RollbackFile: @unchecked Sendable {
    static let minimumInterval: Duration = .seconds(1)
    /// A rewrite that took `d` is followed by one no sooner than `d * spacingFactor` later.
    static let spacingFactor = 10

    private let url: URL
    private let clock: MonotonicClock
    private let queue = DispatchQueue(label: "rehook.rollback")
    /// Guards the fields below.
    private let lock = NSLock()
    private var nextRewriteAt: Duration?
    private var isWriting = false
    private var lastRewriteFailed = false

    init(url: URL, clock: MonotonicClock) {
        self.url = url
        self.clock = clock
    }

    /// Whether a background rewrite may start now (none running, and the spacing has passed).
    var rewriteIsDue: Bool {
        let now = clock.now
        return lock.withLock { !isWriting && nextRewriteAt.map { now >= $0 } ?? true }
    }

    /// Starts a background rewrite with `rollback` as it is now. A failed interim rewrite is
    /// not fatal (the journal has the data); the final one, in `finish`, throws.
    func rewriteInBackground(_ rollback: RollbackSpool.Snapshot, createdAt: String) {
        lock.withLock { isWriting = true }
        queue.async {
            let started = self.clock.now
            let failed = (try? self.write(rollback, createdAt: createdAt)) == nil
            let took = self.clock.now - started
            self.lock.withLock {
                self.isWriting = false
                self.lastRewriteFailed = failed
                self.nextRewriteAt = self.clock.now + max(Self.minimumInterval, took * Self.spacingFactor)
            }
        }
    }

    /// Waits for any background rewrite, then writes `rollback` as final unless the last
    /// rewrite already holds it (`isBehind` false and that rewrite succeeded).
    func finish(_ rollback: RollbackSpool.Snapshot, isBehind: Bool, createdAt: String) throws {
        try queue.sync {
            if isBehind || lock.withLock({ lastRewriteFailed }) { try write(rollback, createdAt: createdAt) }
        }
    }

    /// Written change by change from the spool: never the whole rollback plan in memory.
    private func write(_ rollback: RollbackSpool.Snapshot, createdAt: String) throws {
        try RunStore.writeAtomically(to: url) { write in
            try rollback.encode(createdAt: createdAt) { piece in try write(piece) }
        }
    }
}
