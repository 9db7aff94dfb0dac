import Foundation
import RehookModel

/// Executes plans: concurrently across accounts (the writer's account pipelines pace and
/// retry each request), journalled under `<state-dir>/runs/<run-id>/`, resumable, interruptible by task cancellation.
public struct PlanExecutor: Sendable {
    public let writer: any WebhookWriter
    public let store: RunStore
    public let options: ExecutionOptions

    public init(writer: any WebhookWriter, store: RunStore, options: ExecutionOptions = ExecutionOptions()) {
        self.writer = writer
        self.store = store
        self.options = options
    }

    /// Starts a new run of `plan`: creates the run directory with `plan.json`, journals every
    /// change as planned, then applies. Cancelling the calling task interrupts the run (the
    /// result says so); only failures of the engine itself (I/O) throw.
    ///
    /// `planFile`: the bytes of the plan file `plan` was decoded from, unchanged, written to
    /// the run directory as they are instead of encoding the plan again (for a large plan, a
    /// noticeable part of an apply). Pass `nil` when the plan was made or filtered in memory.
    public func execute(_ plan: Plan, runID: String = RunStore.makeRunID(),
                        planFile: Data? = nil) async throws -> ExecutionResult {
        try await execute(StreamedPlan(plan), runID: runID, planFileBytes: planFile)
    }

    /// `execute(_:runID:planFile:)` for a plan read change by change (`PlanFile.open`): the run
    /// directory's plan.json is a copy of its file (or, filtered, written change by change), and
    /// each change is read from the file when a worker takes it, so memory does not grow with
    /// the plan.
    public func execute(_ plan: StreamedPlan, runID: String = RunStore.makeRunID()) async throws -> ExecutionResult {
        try await execute(plan, runID: runID, planFileBytes: nil)
    }

    private func execute(_ plan: StreamedPlan, runID: String, planFileBytes: Data?) async throws -> ExecutionResult {
        let directory = store.directory(ofRun: runID)
        do {
            try FileManager.default.createDirectory(at: store.runsDirectory, withIntermediateDirectories: true,
                                                    attributes: RunStore.privateDirectory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                    attributes: RunStore.privateDirectory)
        } catch {
            throw ExecutionError.writeFailed(path: directory.path, detail: "cannot create run directory: \(error.localizedDescription)")
        }
        let lock = try RunLock(runDirectory: directory, runID: runID)
        defer { lock.release() }
        let planURL = directory.appendingPathComponent(RunStore.planFile)
        if let planFileBytes {
            try RunStore.writeAtomically(planFileBytes, to: planURL)
        } else if let file = plan.wholeFile {
            try RunStore.writeAtomically(to: planURL) { write in try file.read { piece in try write(piece) } }
        } else {
            try RunStore.writeAtomically(to: planURL) { write in try plan.encode { piece in try write(piece) } }
        }
        let recorder = try makeRecorder(keys: plan.keys, directory: directory, intactJournalLength: 0, finished: [:],
                                        rollback: RollbackSpool(directory: directory, capacity: plan.count))
        try await recorder.recordPlanned(plan.keys)
        return try await run(plan, Array(plan.keys.indices), runID: runID, directory: directory, recorder: recorder)
    }

    /// Finishes a run: changes already applied, skipped or failed for good are kept; the rest
    /// (pending, or sent without a recorded outcome) go through the full read → stale check →
    /// write path again, so a write that did land is recognised as applied, never re-sent blindly.
    public func resume(runID: String) async throws -> ExecutionResult {
        let directory = store.directory(ofRun: runID)
        let plan = try store.openPlan(run: runID)
        let lock = try RunLock(runDirectory: directory, runID: runID)
        defer { lock.release() }
        let journalURL = directory.appendingPathComponent(RunStore.journalFile)
        var (entries, intactLength): ([JournalEntry], Int) = ([], 0)
        if FileManager.default.fileExists(atPath: journalURL.path) {
            (entries, intactLength) = try JournalReader.read(journalURL)
        }
        let statuses = ChangeStatus.replay(entries, keys: plan.keys)
        var finished: [WebhookKey: ChangeOutcome] = [:]
        for entry in entries where statuses[entry.key]?.isFinished == true {
            switch entry.event {
            case .applied:
                finished[entry.key] = .applied(alreadyApplied: entry.alreadyApplied ?? false, warnings: entry.warnings ?? [])
            case .skipped: finished[entry.key] = .skipped(reason: entry.message ?? "changed since the plan")
            case .failed where entry.final == true: finished[entry.key] = .failed(message: entry.message ?? "failed")
            default: break
            }
        }
        let rollback = try RollbackSpool(directory: directory, capacity: plan.count)
        try rollback.replay(entries, plan: plan)
        let recorder = try makeRecorder(keys: plan.keys, directory: directory, intactJournalLength: intactLength,
                                        finished: finished, rollback: rollback)
        let unfinished = plan.keys.indices.filter { statuses[plan.keys[$0]]?.isFinished != true }
        return try await run(plan, unfinished, runID: runID, directory: directory, recorder: recorder)
    }

    private func makeRecorder(keys: [WebhookKey], directory: URL, intactJournalLength: Int,
                              finished: [WebhookKey: ChangeOutcome], rollback: RollbackSpool) throws -> RunRecorder {
        var snapshot = ProgressSnapshot()
        var outcomes: [WebhookKey: ChangeOutcome] = [:]
        outcomes.reserveCapacity(keys.count)
        for key in keys {
            let vendor = key.vendor
            let outcome = finished[key] ?? .pending
            outcomes[key] = outcome
            var part = snapshot.vendors[vendor] ?? VendorProgress()
            part.total += 1
            switch outcome {
            case .applied: part.applied += 1
            case .failed: part.failed += 1
            case .skipped: part.skipped += 1
            case .pending: break
            }
            snapshot.vendors[vendor] = part
            if case .pending = outcome {} else { snapshot.doneAtStart[vendor, default: 0] += 1 }
        }
        return try RunRecorder(journalURL: directory.appendingPathComponent(RunStore.journalFile),
                               intactLength: intactJournalLength,
                               rollbackURL: directory.appendingPathComponent(RunStore.rollbackFile),
                               rollback: rollback, outcomes: outcomes, snapshot: snapshot, options: options)
    }

    /// Runs the changes of `plan` at `indices` with `perAccountConcurrency` workers per account
    /// pulling from that account's queue; each change is read from the plan when taken.
    private func run(_ plan: StreamedPlan, _ indices: [Int], runID: String, directory: URL,
                     recorder: RunRecorder) async throws -> ExecutionResult {
        let byAccount = Dictionary(grouping: indices) { AccountKey(plan.keys[$0]) }
        let processor = ChangeProcessor(writer: writer, recorder: recorder, options: options)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (account, accountChanges) in byAccount.sorted(by: { $0.key < $1.key }) {
                let queue = ChangeQueue(accountChanges)
                let workers = max(1, options.concurrency(account) ?? options.perAccountConcurrency)
                for _ in 0..<min(workers, accountChanges.count) {
                    group.addTask {
                        while !Task.isCancelled, let index = await queue.next() {
                            let change: PlannedChange
                            do {
                                change = try plan.change(at: index)
                            } catch {
                                try await recorder.failed(plan.keys[index], attempt: 0, message: "\(error)")
                                continue
                            }
                            try await processor.process(change)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let outcomes = await recorder.outcomes
        let snapshot = try await recorder.finish()
        let interrupted = outcomes.values.contains(.pending)
        return ExecutionResult(runID: runID, runDirectory: directory, outcomes: outcomes, progress: snapshot,
                               interrupted: interrupted)
    }
}

/// The changes of one account, handed out one at a time to that account's workers.
private actor ChangeQueue {
    private var remaining: ArraySlice<Int>

    init(_ changes: [Int]) { remaining = ArraySlice(changes) }

    func next() -> Int? { remaining.popFirst() }
}
