import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<run-dir>/.lock`, held while a run executes or resumes, so two
/// processes never append to the same journal. The kernel drops it if the process dies.
final class RunLock {
    private var descriptor: Int32

    init(runDirectory: URL, runID: String) throws {
        let path = runDirectory.appendingPathComponent(".lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ExecutionError.writeFailed(path: path, detail: "cannot open lock file (errno \(errno))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            descriptor = -1
            throw ExecutionError.runInProgress(id: runID)
        }
    }

    /// Releases the lock (also done on deinit).
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
