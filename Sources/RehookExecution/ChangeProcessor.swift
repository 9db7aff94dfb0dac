import RehookModel

/// Carries one change through read → stale check → write → verify, with pacing, the global
/// request cap, retries and journalling. Requests already sent are shielded from cancellation
/// (they run in an unstructured task) so an interrupted run never loses an outcome it caused.
struct ChangeProcessor: Sendable {
    let writer: any WebhookWriter
    let limiter: AccountRateLimiter
    let globalRequests: AsyncSemaphore
    let recorder: RunRecorder
    let options: ExecutionOptions
    let pacesReads: Bool

    private enum RequestResult<Value: Sendable>: Sendable {
        case success(Value, attempt: Int)
        case failure(message: String, attempt: Int)
        /// Cancelled before the request was (re)sent.
        case interrupted
    }

    /// Works the change to an outcome, or leaves it pending when the task is cancelled first.
    func process(_ change: PlannedChange) async throws {
        guard !Task.isCancelled else { return }
        await recorder.started(change.key)
        let read = try await perform(change, isWrite: false) { try await writer.liveState(of: change.before) }
        let live: Webhook
        switch read {
        case .success(let state, _): live = state
        case .failure(let message, _): return try await recorder.failed(change.key, attempt: 0, message: message)
        case .interrupted: return
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
        let written = try await perform(change, isWrite: true, note: note) { try await writer.write(values, to: live) }
        switch written {
        case .success(let reported, let attempt):
            try await recorder.applied(change, attempt: attempt, alreadyApplied: false, observedBefore: live,
                                       reported: reported,
                                       warnings: WriteVerification.warnings(for: change, reported: reported))
        case .failure(let message, let attempt):
            try await recorder.failed(change.key, attempt: attempt, message: message)
        case .interrupted:
            return
        }
    }

    /// One request with retries. Each attempt: wait for the account's next rate slot, take a
    /// global permit (writes), journal `sent` (writes), send shielded from cancellation.
    /// Retryable failures back off (outside any permit); 429s slow the account down.
    ///
    /// The permit is taken after the slot, not before: a permit held while sleeping for a slot
    /// would let a few slow-paced accounts occupy the whole global cap (1,000 accounts at 5/s
    /// and `--parallelism 16` ran at 50 changes/s instead of thousands).
    private func perform<Value: Sendable>(
        _ change: PlannedChange, isWrite: Bool, note: String? = nil,
        _ call: @escaping @Sendable () async throws -> Value
    ) async throws -> RequestResult<Value> {
        let paced = isWrite || pacesReads
        var attempt = 0
        while true {
            attempt += 1
            let currentAttempt = attempt
            let slot: Duration
            do {
                slot = paced ? try await limiter.waitForSlot() : limiter.now
            } catch {
                return .interrupted // cancelled while waiting for a slot
            }
            let send: @Sendable () async throws -> (sentAt: Duration, result: Result<Value, any Error>)? = {
                var sentAt = paced ? slot : limiter.now
                // Held past the slot by the global cap: take a fresh slot rather than go out
                // bunched up with this account's later slots.
                if paced, limiter.now - slot > limiter.tolerance {
                    do { sentAt = try await limiter.waitForSlot() } catch { return nil }
                }
                guard !Task.isCancelled else { return nil }
                if isWrite { try await recorder.sent(change.key, attempt: currentAttempt, note: note) }
                let result = await Task { () -> Result<Value, any Error> in
                    do { return .success(try await call()) } catch { return .failure(error) }
                }.value
                return (sentAt, result)
            }
            // Writes count against the global cap. Reads do not: the writer answers them from
            // one listing per account and bounds its own listings (a read that waits on an
            // account's paced listing would otherwise hold a permit for seconds).
            let sent = isWrite ? try await globalRequests.withPermit(send) : try await send()
            guard let sent else { return .interrupted }
            switch sent.result {
            case .success(let value):
                await limiter.recordSuccess()
                return .success(value, attempt: attempt)
            case .failure(let error):
                let vendorError = error as? VendorError
                let message = vendorError.map(\.description) ?? String(describing: error)
                let rateLimited = vendorError.map { if case .rateLimited = $0.kind { true } else { false } } ?? false
                if rateLimited { await limiter.recordRateLimited(sentAt: sent.sentAt, retryAfter: vendorError?.retryAfter) }
                guard let vendorError,
                      let delay = options.retry.delay(afterAttempt: attempt, error: vendorError, jitter: options.jitter)
                else { return .failure(message: message, attempt: isWrite ? attempt : 0) }
                try await recorder.retrying(change.key, attempt: attempt, isWrite: isWrite, after: delay,
                                            error: message, rateLimited: rateLimited)
                do {
                    try await options.clock.sleep(until: options.clock.now + delay)
                } catch {
                    return .interrupted
                }
            }
        }
    }
}
