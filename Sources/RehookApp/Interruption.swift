import Foundation

/// Ctrl-C for long operations: the first SIGINT (or SIGTERM) cancels the running task. Its
/// account pipelines then send nothing more and give requests in flight two seconds before
/// cancelling them (`AccountPipeline.cancellationGrace`); an apply writes its journal.
public enum Interruption {
    /// Runs `operation` in a task that SIGINT/SIGTERM cancel; the signals are restored after.
    public static func cancellingOnSignal<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let task = Task { try await operation() }
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Console.error("\nInterrupted: no new request will be sent; those in flight get 2 s to finish…")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try await task.value
    }
}
