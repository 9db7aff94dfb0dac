import Foundation
import RehookModel
import RehookVendors

/// The single writer of a run's state: journal lines (fsynced), rollback.json (atomic),
/// outcomes and progress counters, and the progress callback. Every state change goes through
/// it. Journal lines are encoded and appended outside the actor (`nonisolated`), so workers
/// encode in parallel and share group commits; each method journals first and updates the
/// actor's state after, and one change's lines come from one worker in order, so per-change
/// journal order is the order of events.
actor RunRecorder {
    private let journal: JournalFile
    private let rollbackFile: RollbackFile
    private let clock: MonotonicClock
    private let wallClock: @Sendable () -> Date
    private let onUpdate: (@Sendable (ExecutionUpdate) -> Void)?
    /// The undo of every landed change, on disk (`RollbackSpool`).
    private let rollback: RollbackSpool
    /// Landed changes not yet handed to `rollbackFile`.
    private var rollbackIsBehind = false
    private(set) var outcomes: [WebhookKey: ChangeOutcome]
    private(set) var snapshot: ProgressSnapshot
    private let startedAt: Duration
    /// This execution's failure budget: told of every change that failed or did not verify.
    nonisolated let gate: FailureGate
    /// The changes that failed for good in this execution, in order.
    private var failedHere: [WebhookKey] = []

    /// Opens the journal at `journalURL`, cut to its intact prefix (`intactLength` bytes).
    init(journalURL: URL, intactLength: Int, rollbackURL: URL, rollback: RollbackSpool,
         outcomes: [WebhookKey: ChangeOutcome], snapshot: ProgressSnapshot, options: ExecutionOptions,
         gate: FailureGate) throws {
        self.gate = gate
        self.journal = try JournalFile(url: journalURL, intactLength: intactLength)
        self.rollbackFile = RollbackFile(url: rollbackURL, clock: options.clock)
        self.rollback = rollback
        self.outcomes = outcomes
        self.snapshot = snapshot
        self.clock = options.clock
        self.wallClock = options.wallClock
        self.onUpdate = options.onUpdate
        self.startedAt = options.clock.now
    }

    nonisolated var timestamp: String { Self.iso8601(wallClock()) }

    /// `2026-11-23T19:11:38.123Z`. Swift's own ISO 8601 style, not `ISO8601DateFormatter`:
    /// building an ICU formatter per journal line cost a quarter of apply's CPU.
    static func iso8601(_ date: Date) -> String {
        date.formatted(timestampStyle)
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Writes the run's options, then `planned` lines for a fresh run, a few thousand at a time.
    nonisolated func recordPlanned(_ keys: [WebhookKey], options: RunOptions) async throws {
        let time = timestamp
        try await journal.append([], after: RunOptionsLine(event: .run, options: options, time: time).jsonLine())
        for start in stride(from: 0, to: keys.count, by: 4_096) {
            try await journal.append(keys[start..<min(keys.count, start + 4_096)].map {
                JournalEntry(event: .planned, key: $0, attempt: 0, time: time)
            })
        }
    }

    /// Writes the options a resumed execution runs with.
    nonisolated func recordResumed(options: RunOptions) async throws {
        try await journal.append([], after: RunOptionsLine(event: .resumed, options: options, time: timestamp).jsonLine())
    }

    func started(_ key: WebhookKey) {
        emit(.started(key))
    }

    /// A write is about to be sent.
    nonisolated func sent(_ key: WebhookKey, attempt: Int, note: String?) async throws {
        try await journal.append([JournalEntry(event: .sent, key: key, attempt: attempt, time: timestamp, message: note)])
    }

    /// A request failed and will be retried. Write failures are journalled (not final).
    nonisolated func retrying(_ key: WebhookKey, attempt: Int, isWrite: Bool, after delay: Duration, error: String,
                              rateLimited: Bool) async throws {
        if isWrite {
            try await journal.append([JournalEntry(event: .failed, key: key, attempt: attempt, time: timestamp,
                                                   message: error, final: false)])
        }
        await emit(.retried(key, after: delay, reason: error, rateLimited: rateLimited))
    }

    nonisolated func failed(_ key: WebhookKey, attempt: Int, message: String) async throws {
        try await journal.append([JournalEntry(event: .failed, key: key, attempt: attempt, time: timestamp,
                                               message: message, final: true)])
        gate.recordFailure()
        await settle(key, as: .failed(message: message), event: .failed(key, message: message))
    }

    nonisolated func skipped(_ key: WebhookKey, reason: String) async throws {
        try await journal.append([JournalEntry(event: .skipped, key: key, attempt: 0, time: timestamp, message: reason)])
        await settle(key, as: .skipped(reason: reason), event: .skipped(key, reason: reason))
    }

    /// The change landed (or was found landed): journal, rollback.json, outcome, events.
    /// `verified` false: the vendor reports a planned value otherwise, which counts against the failure budget.
    nonisolated func applied(_ change: PlannedChange, attempt: Int, alreadyApplied: Bool, observedBefore: Webhook,
                             reported: Webhook, warnings: [String], verified: Bool = true) async throws {
        try await journal.append([JournalEntry(
            event: .applied, key: change.key, attempt: attempt, time: timestamp,
            alreadyApplied: alreadyApplied ? true : nil, warnings: warnings.isEmpty ? nil : warnings,
            // Left out when equal to the plan's before/after state (the usual case), which
            // readers substitute: half the bytes to encode and fsync per change.
            observedBefore: observedBefore == change.before ? nil : observedBefore,
            reported: reported == change.after ? nil : reported)])
        if !verified { gate.recordFailure() }
        await landed(change, alreadyApplied: alreadyApplied, observedBefore: observedBefore, reported: reported,
                     warnings: warnings)
    }

    private func landed(_ change: PlannedChange, alreadyApplied: Bool, observedBefore: Webhook, reported: Webhook,
                        warnings: [String]) {
        rollback.record(change, observedBefore: observedBefore, reported: reported)
        rollbackIsBehind = true
        if rollbackFile.rewriteIsDue, let snapshot = try? rollback.snapshot() {
            rollbackFile.rewriteInBackground(snapshot, createdAt: timestamp)
            rollbackIsBehind = false
        }
        settle(change.key, as: .applied(alreadyApplied: alreadyApplied, warnings: warnings),
               event: .applied(change.key, alreadyApplied: alreadyApplied))
        for warning in warnings { emit(.verifyWarning(change.key, message: warning)) }
    }

    /// Journals the changes that failed in this execution as not final (`failed`, `final: false`):
    /// the run stopped early (canary, failure budget), so `--resume` tries them again once the
    /// cause is fixed. This result still counts them failed.
    func reopenFailures() async throws {
        guard !failedHere.isEmpty else { return }
        let time = timestamp
        try await journal.append(failedHere.map {
            JournalEntry(event: .failed, key: $0, attempt: 0, time: time,
                         message: "the run stopped early; --resume tries this change again", final: false)
        })
    }

    private func settle(_ key: WebhookKey, as outcome: ChangeOutcome, event: ExecutionEvent) {
        if case .failed = outcome { failedHere.append(key) }
        outcomes[key] = outcome
        emit(event)
    }

    /// Brings rollback.json up to date and returns the final snapshot, with elapsed time.
    func finish() throws -> ProgressSnapshot {
        try rollbackFile.finish(try rollback.snapshot(), isBehind: rollbackIsBehind, createdAt: timestamp)
        rollbackIsBehind = false
        snapshot.elapsed = clock.now - startedAt
        return snapshot
    }

    private func emit(_ event: ExecutionEvent) {
        snapshot.record(event, at: clock.now - startedAt)
        onUpdate?(ExecutionUpdate(event: event, snapshot: snapshot))
    }
}
