import Foundation
import RehookModel

/// What became of one change.
public enum ChangeOutcome: Sendable, Hashable {
    /// In its planned state. `warnings`: read-back verification (normalised or unverifiable fields).
    case applied(alreadyApplied: Bool, warnings: [String])
    case failed(message: String)
    /// Not written because the webhook changed since the plan.
    case skipped(reason: String)
    /// Not finished: the run was interrupted first.
    case pending
}

/// The result of executing (or resuming) a run.
public struct ExecutionResult: Sendable {
    public var runID: String
    public var runDirectory: URL
    public var outcomes: [WebhookKey: ChangeOutcome]
    /// Final counters per vendor and elapsed time.
    public var progress: ProgressSnapshot
    /// Cancelled before every change finished.
    public var interrupted: Bool

    /// Process exit code: 130 interrupted; 3 some failed and some applied (1 if none applied);
    /// 4 stale changes skipped and none failed; 0 all applied.
    public var exitCode: Int32 {
        let totals = progress.totals
        if interrupted { return ExitCodes.interrupted }
        if totals.failed > 0 { return totals.applied > 0 ? ExitCodes.partiallyApplied : ExitCodes.failure }
        if totals.skipped > 0 { return ExitCodes.staleSkipped }
        return ExitCodes.success
    }

    /// Changes found already in their planned state (an earlier, interrupted run wrote them):
    /// counted among the applied, but nothing was sent for them in this run.
    public var alreadyInPlannedState: Int {
        outcomes.values.count { if case .applied(alreadyApplied: true, _) = $0 { true } else { false } }
    }

    /// Keys with a given kind of outcome, sorted.
    public func keys(where predicate: (ChangeOutcome) -> Bool) -> [WebhookKey] {
        outcomes.filter { predicate($0.value) }.keys.sorted()
    }
}
