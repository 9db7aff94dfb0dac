import Dispatch

/// Where the sandbox's request handlers run: threads of its own, not the process's shared
/// Swift concurrency pool. A sandbox inside a busy process (the test runner, with dozens of
/// tests at once on two cores) would otherwise answer — and count requests against its rate
/// limits — whenever that pool gets round to it, bunching requests that arrived spread out,
/// which no real vendor does.
final class SandboxExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = DispatchQueue(label: "rehook.sandbox.handlers", qos: .userInitiated, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
