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
                                        rollback: RollbackSpool(directory: directory, capacity: plan.count),
                                        gate: FailureGate(budget: options.run.maxFailures, changes: plan.count))
        try await recorder.recordPlanned(plan.keys, options: options.run)
        return try await run(plan, Array(plan.keys.indices), runID: runID, directory: directory, recorder: recorder,
                             canary: options.run.canary)
    }

    /// Finishes a run: changes already applied, skipped or failed for good are kept; the rest
    /// (pending, or sent without a recorded outcome) go through the full read → stale check →
    /// write path again, so a write that did land is recognised as applied, never re-sent blindly.
    /// The run's recorded `--max-failures` applies again, to this execution's own failures (of
    /// the changes it works on), unless `options.run` gives one; a canary wave only when given.
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
        let unfinished = plan.keys.indices.filter { statuses[plan.keys[$0]]?.isFinished != true }
        var runOptions = options.run
        runOptions.maxFailures = runOptions.maxFailures ?? JournalReader.runOptions(journalURL)?.maxFailures
        let rollback = try RollbackSpool(directory: directory, capacity: plan.count)
        try rollback.replay(entries, plan: plan)
        let recorder = try makeRecorder(keys: plan.keys, directory: directory, intactJournalLength: intactLength,
                                        finished: finished, rollback: rollback,
                                        gate: FailureGate(budget: runOptions.maxFailures, changes: unfinished.count))
        try await recorder.recordResumed(options: runOptions)
        return try await run(plan, unfinished, runID: runID, directory: directory, recorder: recorder, canary: runOptions.canary)
    }

    private func makeRecorder(keys: [WebhookKey], directory: URL, intactJournalLength: Int,
                              finished: [WebhookKey: ChangeOutcome], rollback: RollbackSpool,
                              gate: FailureGate) throws -> RunRecorder {
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
                               rollback: rollback, outcomes: outcomes, snapshot: snapshot, options: options, gate: gate)
    }

    /// Runs `changes`: the canary wave first when there is one (then its check and wait), then
    /// the rest, unless the canary did not pass or the failure budget closed.
    private func run(_ plan: StreamedPlan, _ indices: [Int], runID: String, directory: URL, recorder: RunRecorder,
                     canary wave: CanaryWave?) async throws -> ExecutionResult {
        let processor = ChangeProcessor(writer: writer, recorder: recorder, options: options)
        var rest = indices
        var canary: CanaryOutcome?
        if let wave {
            let (first, remaining) = wave.split(indices) { plan.keys[$0] }
            rest = remaining
            try await runWave(plan, first, processor: processor)
            if !Task.isCancelled {
                canary = await CanaryCheck(writer: writer, destinationCheck: options.destinationCheck)
                    .check(try first.map { try plan.change(at: $0) }, outcomes: await recorder.outcomes, canary: wave)
                if canary?.passed == false { recorder.gate.close() }
            }
            if let passed = canary?.passed, passed, !remaining.isEmpty, wave.wait > .zero, !recorder.gate.isClosed {
                options.onNotice?("canary: \(Plural.count(first.count, "change")) applied and verified; waiting "
                                  + "\(WaitDuration.format(wave.wait)) before the other \(remaining.count) (--canary-wait)")
                try? await options.clock.sleep(until: options.clock.now + wave.wait)
                canary?.waited = wave.wait
            }
        }
        if !recorder.gate.isClosed { try await runWave(plan, rest, processor: processor) }
        let outcomes = await recorder.outcomes
        let pending = outcomes.values.contains(.pending)
        var stop: RunStop?
        if pending, recorder.gate.isClosed {
            stop = canary?.passed == false ? .canary
                : recorder.gate.budget.map { .maxFailures(failures: recorder.gate.failures, budget: $0) }
        }
        if stop != nil { try await recorder.reopenFailures() }
        let snapshot = try await recorder.finish()
        return ExecutionResult(runID: runID, runDirectory: directory, outcomes: outcomes, progress: snapshot,
                               interrupted: pending && (stop == nil || Task.isCancelled), canary: canary, stop: stop)
    }

    /// Runs the changes of `plan` at `indices` with `perAccountConcurrency` workers per account
    /// pulling from that account's queue, each change read from the plan when taken, until they
    /// are done, the task is cancelled or the failure budget closes.
    private func runWave(_ plan: StreamedPlan, _ indices: [Int], processor: ChangeProcessor) async throws {
        let byAccount = Dictionary(grouping: indices) { AccountKey(plan.keys[$0]) }
        let recorder = processor.recorder
        let gate = recorder.gate
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (account, accountChanges) in startOrder(byAccount) {
                let queue = ChangeQueue(accountChanges)
                let workers = max(1, options.concurrency(account) ?? options.perAccountConcurrency)
                for _ in 0..<min(workers, accountChanges.count) {
                    group.addTask {
                        while !Task.isCancelled, !gate.isClosed, let index = queue.next() {
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
    }
}

extension PlanExecutor {
    /// The accounts in the order their workers start: those whose live state takes the most
    /// answers in a row first (`WebhookWriter.liveStateRoundTrips`), then by account.
    func startOrder(_ byAccount: [AccountKey: [Int]]) -> [(key: AccountKey, value: [Int])] {
        let trips = Dictionary(uniqueKeysWithValues: byAccount.keys.map { ($0, writer.liveStateRoundTrips(of: $0)) })
        return byAccount.sorted { left, right in
            let (leftTrips, rightTrips) = (trips[left.key] ?? 1, trips[right.key] ?? 1)
            return leftTrips != rightTrips ? leftTrips > rightTrips : left.key < right.key
        }
    }
}

/// The changes of one account, handed out one at a time to that account's workers. A lock, not
/// an actor: taking the next index is a few instructions, an actor hop per change was thousands.
private final class ChangeQueue: Sendable {
    private let remaining: Locked<ArraySlice<Int>>

    init(_ changes: [Int]) { remaining = Locked(ArraySlice(changes)) }

    func next() -> Int? { remaining.withLock { $0.popFirst() } }
}
