import Foundation
import RehookModel

/// Routes Ctrl-C to whatever the REPL is doing: the line editor clears its line, a running
/// `:plan`/`:apply` is cancelled. The newest registered handler gets each interrupt; with none
/// registered, `whenIdle` runs.
public final class Interrupts: Sendable {
    private let handlers = Locked<[(id: UInt64, handler: @Sendable () -> Void)]>([])
    private let nextID = Locked<UInt64>(0)
    private let whenIdle: @Sendable () -> Void

    /// `whenIdle` runs for an interrupt nobody handles (plain input: exit with status 130).
    public init(whenIdle: @escaping @Sendable () -> Void = {}) {
        self.whenIdle = whenIdle
    }

    /// Delivers one interrupt (the SIGINT forwarder calls this; tests call it directly).
    public func deliver() {
        let handler = handlers.withLock { $0.last?.handler }
        (handler ?? whenIdle)()
    }

    /// Runs `body` with `handler` receiving interrupts.
    public func handling<Result>(with handler: @escaping @Sendable () -> Void,
                                 _ body: () async throws -> Result) async rethrows -> Result {
        let id = nextID.withLock { id in
            id += 1
            return id
        }
        handlers.withLock { $0.append((id, handler)) }
        defer { handlers.withLock { $0.removeAll { $0.id == id } } }
        return try await body()
    }

    /// Runs `operation` in its own task, cancelled by an interrupt. Waits for it to finish
    /// (the operation must honour cancellation) and says whether it was interrupted.
    public func cancellable<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async -> (result: Result?, error: (any Error)?, interrupted: Bool) {
        // The handler is registered before the task starts, so no interrupt can slip between.
        let state = Locked<(interrupted: Bool, task: Task<Result, any Error>?)>((false, nil))
        let outcome = await handling(with: {
            let task = state.withLock { state in
                state.interrupted = true
                return state.task
            }
            task?.cancel()
        }) {
            let task = Task { try await operation() }
            if state.withLock({ state in
                state.task = task
                return state.interrupted
            }) { task.cancel() }
            return await task.result
        }
        let interrupted = state.withLock(\.interrupted)
        switch outcome {
        case .success(let value): return (value, nil, interrupted)
        case .failure(let error): return (nil, error, interrupted)
        }
    }
}

/// Turns SIGINT into `Interrupts.deliver()` calls: the signal handler only writes a byte to a
/// pipe (async-signal-safe); a dedicated thread reads it and delivers.
public enum InterruptSignal {
    private static let installed = Locked(false)

    /// Installs the SIGINT handler once per process. Readline's own signal handling must be off.
    public static func forward(to interrupts: Interrupts) {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        sigintPipeWriteEnd = fds[1]
        var action = sigaction()
        let handler: @convention(c) (Int32) -> Void = { _ in
            var byte: UInt8 = 3
            _ = write(sigintPipeWriteEnd, &byte, 1)
        }
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        let readEnd = fds[0]
        let thread = Thread {
            // A thread that may receive SIGINT, even if the process started with it blocked.
            var interrupt = sigset_t()
            sigemptyset(&interrupt)
            sigaddset(&interrupt, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { interrupts.deliver() } else if count == 0 || errno != EINTR { return }
            }
        }
        thread.name = "rehook-sigint"
        thread.start()
    }
}

/// The write end of the SIGINT pipe; set once before the handler is installed.
nonisolated(unsafe) private var sigintPipeWriteEnd: Int32 = -1
