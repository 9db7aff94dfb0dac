import Foundation
import RehookModel

/// The single writer of a run's state: journal lines (fsynced), rollback.json (atomic),
/// outcomes and progress counters, and the progress callback. Every state change goes through
/// it. While a journal append awaits its fsync the actor serves other workers (whose lines join
/// the next group commit); each method journals first and updates state after, and one change's
/// lines come from one worker in order, so per-change journal order is the order of events.
actor RunRecorder {
    private let journal: JournalFile
    private let rollbackURL: URL
    private let clock: ExecutionClock
    private let wallClock: @Sendable () -> Date
    private let onUpdate: (@Sendable (ExecutionUpdate) -> Void)?
    private var rollback: RollbackBuilder
    /// Landed changes not yet in rollback.json, and when it was last written (clock time).
    private var rollbackIsBehind = false
    private var rollbackWrittenAt: Duration?
    /// rollback.json is rewritten at most this often while changes land, and always at the end.
    static let rollbackRewriteInterval: Duration = .seconds(1)
    private(set) var outcomes: [WebhookKey: ChangeOutcome]
    private(set) var snapshot: ProgressSnapshot
    private let startedAt: Duration

    /// Opens the journal at `journalURL`, cut to its intact prefix (`intactLength` bytes).
    init(journalURL: URL, intactLength: Int, rollbackURL: URL, rollback: RollbackBuilder,
         outcomes: [WebhookKey: ChangeOutcome], snapshot: ProgressSnapshot, options: ExecutionOptions) throws {
        self.journal = try JournalFile(url: journalURL, intactLength: intactLength)
        self.rollbackURL = rollbackURL
        self.rollback = rollback
        self.outcomes = outcomes
        self.snapshot = snapshot
        self.clock = options.clock
        self.wallClock = options.wallClock
        self.onUpdate = options.onUpdate
        self.startedAt = options.clock.now
    }

    var timestamp: String { Self.iso8601(wallClock()) }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Writes `planned` lines for a fresh run.
    func recordPlanned(_ changes: [PlannedChange]) async throws {
        try await journal.append(changes.map { JournalEntry(event: .planned, key: $0.key, attempt: 0, time: timestamp) })
    }

    func started(_ key: WebhookKey) {
        emit(.started(key))
    }

    /// A write is about to be sent.
    func sent(_ key: WebhookKey, attempt: Int, note: String?) async throws {
        try await journal.append([JournalEntry(event: .sent, key: key, attempt: attempt, time: timestamp, message: note)])
    }

    /// A request failed and will be retried. Write failures are journalled (not final).
    func retrying(_ key: WebhookKey, attempt: Int, isWrite: Bool, after delay: Duration, error: String,
                  rateLimited: Bool) async throws {
        if isWrite {
            try await journal.append([JournalEntry(event: .failed, key: key, attempt: attempt, time: timestamp,
                                                   message: error, final: false)])
        }
        emit(.retried(key, after: delay, reason: error, rateLimited: rateLimited))
    }

    func failed(_ key: WebhookKey, attempt: Int, message: String) async throws {
        try await journal.append([JournalEntry(event: .failed, key: key, attempt: attempt, time: timestamp,
                                               message: message, final: true)])
        outcomes[key] = .failed(message: message)
        emit(.failed(key, message: message))
    }

    func skipped(_ key: WebhookKey, reason: String) async throws {
        try await journal.append([JournalEntry(event: .skipped, key: key, attempt: 0, time: timestamp, message: reason)])
        outcomes[key] = .skipped(reason: reason)
        emit(.skipped(key, reason: reason))
    }

    /// The change landed (or was found landed): journal, rollback.json, outcome, events.
    func applied(_ change: PlannedChange, attempt: Int, alreadyApplied: Bool, observedBefore: Webhook,
                 reported: Webhook, warnings: [String]) async throws {
        try await journal.append([JournalEntry(
            event: .applied, key: change.key, attempt: attempt, time: timestamp,
            alreadyApplied: alreadyApplied ? true : nil, warnings: warnings.isEmpty ? nil : warnings,
            observedBefore: observedBefore, reported: reported)])
        rollback.record(change, observedBefore: observedBefore, reported: reported)
        rollbackIsBehind = true
        let rewriteIsDue = rollbackWrittenAt.map { clock.now - $0 >= Self.rollbackRewriteInterval } ?? true
        if rewriteIsDue { try writeRollback() }
        outcomes[change.key] = .applied(alreadyApplied: alreadyApplied, warnings: warnings)
        emit(.applied(change.key, alreadyApplied: alreadyApplied))
        for warning in warnings { emit(.verifyWarning(change.key, message: warning)) }
    }

    /// Brings rollback.json up to date and returns the final snapshot, with elapsed time.
    func finish() throws -> ProgressSnapshot {
        if rollbackIsBehind { try writeRollback() }
        snapshot.elapsed = clock.now - startedAt
        return snapshot
    }

    /// Rewrites rollback.json atomically. The journal holds the same information
    /// (`observed_before`/`reported`), so a crash between rewrites loses nothing.
    private func writeRollback() throws {
        try RunStore.writeAtomically(RunStore.encodePlan(rollback.plan(createdAt: timestamp)), to: rollbackURL)
        rollbackIsBehind = false
        rollbackWrittenAt = clock.now
    }

    private func emit(_ event: ExecutionEvent) {
        snapshot.record(event, at: clock.now - startedAt)
        onUpdate?(ExecutionUpdate(event: event, snapshot: snapshot))
    }
}
