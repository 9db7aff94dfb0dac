import Dispatch
import Foundation

/// Appends journal lines; `append` returns once its lines are written and fsynced.
///
/// Group commit: the blocking write + fsync runs on a private serial queue, off Swift's
/// cooperative threads, and every line queued while one fsync is in progress goes out with the
/// next, so concurrent workers share fsyncs instead of queueing behind one each.
final class JournalFile: @unchecked Sendable {
    private typealias Waiter = CheckedContinuation<Void, any Error>

    private let handle: FileHandle
    private let path: String
    private let queue = DispatchQueue(label: "rehook.journal")
    /// Guards `pending` and `isFlushing`.
    private let lock = NSLock()
    private var pending: [(lines: [UInt8], waiter: Waiter)] = []
    private var isFlushing = false

    /// Opens (creating if needed) and truncates to `intactLength`, dropping a torn tail.
    init(url: URL, intactLength: Int) throws {
        path = url.path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path), !manager.createFile(atPath: path, contents: nil, attributes: RunStore.privateFile) {
            throw ExecutionError.writeFailed(path: path, detail: "cannot create file")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(intactLength))
            try handle.seekToEnd()
            // A whole last line whose newline never reached the disk is intact; end it, or the
            // next line would be glued to it and make the journal unreadable.
            if intactLength > 0, try Self.byte(at: intactLength - 1, of: url) != UInt8(ascii: "\n") {
                try handle.write(contentsOf: Data([UInt8(ascii: "\n")]))
            }
        } catch {
            throw ExecutionError.writeFailed(path: path, detail: error.localizedDescription)
        }
    }

    deinit { try? handle.close() }

    private static func byte(at offset: Int, of url: URL) throws -> UInt8? {
        let reader = try FileHandle(forReadingFrom: url)
        defer { try? reader.close() }
        try reader.seek(toOffset: UInt64(offset))
        return try reader.read(upToCount: 1)?.first
    }

    /// Writes the entries as lines and returns once they are on disk.
    func append(_ entries: [JournalEntry], after leading: [UInt8]? = nil) async throws {
        // Each line appended where it is (the usual single line is the buffer it was written in).
        var lines = leading ?? []
        if leading != nil { lines.append(UInt8(ascii: "\n")) }
        for entry in entries {
            if lines.isEmpty { lines = entry.jsonLine() } else { lines.append(contentsOf: entry.jsonLine()) }
            lines.append(UInt8(ascii: "\n"))
        }
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let startsFlushing = lock.withLock { () -> Bool in
                pending.append((lines, waiter))
                if isFlushing { return false }
                isFlushing = true
                return true
            }
            if startsFlushing { queue.async { self.flushUntilIdle() } }
        }
    }

    /// Writes and fsyncs everything pending, batch after batch, until nothing is left.
    private func flushUntilIdle() {
        while true {
            let batch = lock.withLock { () -> [(lines: [UInt8], waiter: Waiter)] in
                let batch = pending
                pending.removeAll()
                if batch.isEmpty { isFlushing = false }
                return batch
            }
            if batch.isEmpty { return }
            let outcome: Result<Void, any Error>
            do {
                let bytes = batch.count == 1 ? batch[0].lines
                    : batch.reduce(into: [UInt8]()) { $0.append(contentsOf: $1.lines) }
                try handle.write(contentsOf: bytes)
                try handle.synchronize()
                outcome = .success(())
            } catch {
                outcome = .failure(ExecutionError.writeFailed(path: path, detail: error.localizedDescription))
            }
            for item in batch { item.waiter.resume(with: outcome) }
        }
    }
}
