import Foundation
import RehookModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rollback of a run while it runs, kept on disk rather than in memory: each landed
/// change's undo (`RollbackBuilder.reversal`) is appended to `.rollback.spool` in the run
/// directory, encoded once as rollback.json holds it (`PlanFile.encodedChange`); memory holds
/// only where each one is. rollback.json is written from a `Snapshot` of it by copying the undos
/// in key order (`PlanFile.encode(_:changeCount:encodedChange:chunk:)`), byte for byte what
/// `PlanFile.encodedBytes(RollbackBuilder.plan(createdAt:))` gives for the same landed changes.
///
/// Held whole, the undos of 100,000 changes and each rewrite's encoding of all of them were
/// most of an apply's memory. The spool is scratch: not fsynced (the journal is what survives a
/// crash, and `--resume` rebuilds the spool from it) and removed when the run finishes.
final class RollbackSpool: @unchecked Sendable {
    static let fileName = ".rollback.spool"

    /// What the spool holds at one moment: each key recorded (in the order first recorded)
    /// with where its undo is (an empty range: nothing to undo), and the warnings.
    struct Snapshot: Sendable {
        fileprivate var keys: [WebhookKey] = []
        fileprivate var undos: [Range<Int>] = []
        fileprivate var warnings: [WebhookKey: [String]] = [:]
        /// Keeps the spool (and its file) open while a rewrite reads it.
        fileprivate var spool: RollbackSpool?
    }

    /// The positions of the first `count` keys in key order, from the last rewrite: the next
    /// one sorts only the keys recorded since and merges (sorting every key for every rewrite
    /// was most of a rewrite's cost).
    fileprivate let sortedPositions = Locked<(count: Int, positions: [Int])>((0, []))

    private let url: URL
    fileprivate let descriptor: Int32
    /// Appended bytes not yet written to the file.
    private var buffer: [UInt8] = []
    private var written = 0
    private var current: Snapshot
    /// Each key's position in `current.keys`. (Arrays, not a dictionary of undos, in the
    /// snapshot: a snapshot shares their storage, and the next record copies at most the
    /// arrays, not a dictionary of every landed change.)
    private var positions: [WebhookKey: Int] = [:]

    /// Creates (or empties) the spool in `directory`, for up to about `capacity` changes.
    init(directory: URL, capacity: Int = 0) throws {
        url = directory.appendingPathComponent(Self.fileName)
        descriptor = open(url.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ExecutionError.writeFailed(path: url.path, detail: String(cString: strerror(errno)))
        }
        current = Snapshot(spool: nil)
        current.keys.reserveCapacity(capacity)
        current.undos.reserveCapacity(capacity)
        positions.reserveCapacity(capacity)
    }

    deinit {
        _ = close(descriptor)
        _ = unlink(url.path)
    }

    /// Records a landed change (see `RollbackBuilder.record`).
    func record(_ change: PlannedChange, observedBefore: Webhook, reported: Webhook) {
        let (undo, notes) = RollbackBuilder.reversal(of: change, observedBefore: observedBefore, reported: reported)
        var range = 0..<0
        if let undo {
            let encoded = PlanFile.encodedChange(undo)
            let start = written + buffer.count
            buffer += encoded
            range = start..<(start + encoded.count)
            if buffer.count >= 256 * 1024 { try? flush() }
        }
        // One lookup of the key in the usual case (an undo, recorded for the first time, no notes).
        if range.isEmpty {
            if let position = positions[change.key] { current.undos[position] = range }
        } else if let earlier = positions.updateValue(current.keys.count, forKey: change.key) {
            positions[change.key] = earlier // recorded before: it keeps its place
            current.undos[earlier] = range
        } else {
            current.keys.append(change.key)
            current.undos.append(range)
        }
        if !notes.isEmpty {
            current.warnings[change.key] = notes
        } else if !current.warnings.isEmpty {
            current.warnings[change.key] = nil
        }
    }

    /// Records what a journal says landed (`RollbackBuilder(replaying:plan:)`), reading each
    /// change from `plan`.
    func replay(_ entries: [JournalEntry], plan: StreamedPlan) throws {
        var positions: [WebhookKey: Int] = [:]
        for (index, key) in plan.keys.enumerated() where positions[key] == nil { positions[key] = index }
        for entry in entries where entry.event == .applied {
            guard let index = positions[entry.key] else { continue }
            let change = try plan.change(at: index)
            record(change, observedBefore: entry.observedBefore ?? change.before, reported: entry.reported ?? change.after)
        }
    }

    /// What the spool holds now, on disk: a rewrite of rollback.json may read it on another
    /// thread while more is recorded.
    func snapshot() throws -> Snapshot {
        try flush()
        var snapshot = current
        snapshot.spool = self
        return snapshot
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        var done = 0
        while done < buffer.count {
            let count = buffer.withUnsafeBytes { bytes in
                pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(written + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw ExecutionError.writeFailed(path: url.path, detail: String(cString: strerror(errno)))
            }
            done += count
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

extension RollbackSpool.Snapshot {
    /// rollback.json's bytes, in pieces: the undos in key order, then the warnings.
    func encode(createdAt: String, chunk: ([UInt8]) throws -> Void) throws {
        let order = sortedPositions().filter { !undos[$0].isEmpty }
        let header = Plan(createdAt: createdAt, source: nil, changes: [], unchangedMatches: 0,
                          warnings: warnings.keys.sorted().flatMap { warnings[$0] ?? [] })
        try PlanFile.encode(header, changeCount: order.count, encodedChange: { (index: Int) throws -> [UInt8] in
            try read(undos[order[index]])
        }, chunk: chunk)
    }

    /// Every position of `keys`, in key order (each key is recorded once).
    private func sortedPositions() -> [Int] {
        let byKey = { (a: Int, b: Int) in keys[a] < keys[b] }
        guard let spool else { return keys.indices.sorted(by: byKey) }
        let cached = spool.sortedPositions.withLock { $0 }
        guard cached.count <= keys.count else { return keys.indices.sorted(by: byKey) }
        let added = (cached.count..<keys.count).sorted(by: byKey)
        // Each added key goes after every earlier key (found by binary search), the runs of
        // earlier keys between them copied whole: a rewrite compares O(added × log n) keys,
        // not every key.
        let earlier = cached.positions
        var merged: [Int] = []
        merged.reserveCapacity(keys.count)
        var copied = 0
        for position in added {
            var (low, high) = (copied, earlier.count)
            while low < high {
                let middle = (low + high) / 2
                if byKey(position, earlier[middle]) { high = middle } else { low = middle + 1 }
            }
            merged.append(contentsOf: earlier[copied..<low])
            merged.append(position)
            copied = low
        }
        merged.append(contentsOf: earlier[copied...])
        spool.sortedPositions.withLock { if $0.count < keys.count { $0 = (keys.count, merged) } }
        return merged
    }

    /// An undo as the spool holds it: already encoded as rollback.json holds it.
    private func read(_ range: Range<Int>) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(spool?.descriptor ?? -1, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ExecutionError.writeFailed(path: RollbackSpool.fileName, detail: "cannot read the spool") }
            done += count
        }
        return bytes
    }
}
