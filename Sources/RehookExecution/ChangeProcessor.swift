import RehookModel
import RehookVendors

/// Carries one change through read → stale check → write → verify, journalling each write
/// attempt. Pacing, the in-flight ceiling and retries are the account pipeline's (the writer's
/// adapters go through one); the processor tells it, through `RequestAttempts.observer`, to
/// journal `sent` before every attempt and a non-final `failed` after every retried one. A
/// change interrupted (Ctrl-C) before its outcome is known stays pending for `--resume`.
struct ChangeProcessor: Sendable {
    let writer: any WebhookWriter
    let recorder: RunRecorder
    let options: ExecutionOptions

    /// Works the change to an outcome, or leaves it pending when the task is cancelled first.
    func process(_ change: PlannedChange) async throws {
        guard !Task.isCancelled else { return }
        await recorder.started(change.key)
        let live: Webhook
        do {
            live = try await writer.liveState(of: change.before)
        } catch let gone as WebhookGone {
            return try await recorder.skipped(change.key, reason: gone.description)
        } catch {
            if Self.isInterruption(error) { return }
            return try await recorder.failed(change.key, attempt: 0, message: Self.describe(error))
        }
        var note: String?
        switch LiveStateCheck.compare(live: live, with: change) {
        case .alreadyApplied:
            return try await recorder.applied(change, attempt: 0, alreadyApplied: true,
                                              observedBefore: change.before, reported: live, warnings: [])
        case .stale(let differences) where !options.force:
            return try await recorder.skipped(change.key, reason: "changed since the plan: " + differences.joined(separator: "; "))
        case .stale(let differences):
            note = "forced over changes since the plan: " + differences.joined(separator: "; ")
        case .unchanged:
            break
        }
        // Not `change.newValues`: a plan file with a field listed twice must not trap (last wins).
        let values = Dictionary(change.fields.map { ($0.field, $0.after) }, uniquingKeysWith: { _, last in last })
        let attempts = WriteAttempts(key: change.key, note: note, recorder: recorder)
        do {
            let reported = try await RequestAttempts.$observer.withValue(attempts.observer) {
                try await writer.write(values, to: live)
            }
            try await recorder.applied(change, attempt: attempts.last, alreadyApplied: false, observedBefore: live,
                                       reported: reported,
                                       warnings: WriteVerification.warnings(for: change, reported: reported))
        } catch {
            if let journalError = attempts.journalError { throw journalError }
            if Self.isInterruption(error) { return }
            try await recorder.failed(change.key, attempt: max(attempts.last, 1), message: Self.describe(error))
        }
    }

    static func isInterruption(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let vendorError = error as? VendorError, vendorError.kind == .interrupted { return true }
        return Task.isCancelled
    }

    static func describe(_ error: any Error) -> String {
        (error as? VendorError)?.description ?? String(describing: error)
    }
}

/// The journal side of one change's write attempts: `sent` before each, a non-final `failed`
/// after each one that will be retried. A journal that cannot be written stops the request
/// (nothing is sent unjournalled) and is rethrown by the processor as the engine failure it is.
private final class WriteAttempts: Sendable {
    let key: WebhookKey
    let note: String?
    let recorder: RunRecorder
    private let state = Locked<(last: Int, journalError: (any Error)?)>((0, nil))

    init(key: WebhookKey, note: String?, recorder: RunRecorder) {
        self.key = key
        self.note = note
        self.recorder = recorder
    }

    /// The last attempt sent (0: none).
    var last: Int { state.withLock { $0.last } }
    var journalError: (any Error)? { state.withLock { $0.journalError } }

    var observer: RequestAttemptObserver {
        RequestAttemptObserver(
            willSend: { [self] attempt in
                try await journalled { try await recorder.sent(key, attempt: attempt, note: note) }
                state.withLock { $0.last = attempt }
            },
            willRetry: { [self] attempt, delay, error in
                let rateLimited = if case .rateLimited = error.kind { true } else { false }
                try await journalled {
                    try await recorder.retrying(key, attempt: attempt, isWrite: true, after: delay,
                                                error: error.description, rateLimited: rateLimited)
                }
            })
    }

    private func journalled(_ write: () async throws -> Void) async throws {
        do {
            try await write()
        } catch {
            state.withLock { $0.journalError = error }
            throw error
        }
    }
}
