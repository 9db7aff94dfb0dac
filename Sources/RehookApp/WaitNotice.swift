import Foundation
import RehookModel
import RehookVendors

/// Tells a person at a terminal what a request waits for — its account's rate slot, a
/// vendor's `Retry-After`, a backoff — when the wait is a second or more. Installed by
/// `Fleet.open` when standard error is a terminal; off a terminal nothing is printed. While an
/// apply draws live progress bars, the latest wait is drawn as a line under them instead.
final class WaitNotice: Sendable {
    static let shared = WaitNotice()

    private struct State {
        var lastPrinted = Date.distantPast
        var latest: String?
        var drawnByProgress = false
    }

    private let state = Locked(State())
    /// At most one line this often.
    private let interval: TimeInterval = 1

    /// The words for one wait, e.g. `waiting 12 s: HeyGen account 'main' asked to retry later
    /// (PATCH /v1/webhook/endpoint.update)`.
    static func line(for wait: RequestWait) -> String {
        let seconds = wait.seconds < 10 ? String(format: "%.1f", wait.seconds) : String(Int(wait.seconds.rounded()))
        let account = "\(wait.vendor.displayName) account '\(wait.account)'"
        let reason = switch wait.reason {
        case .rateSlot: "\(account) is at its rate limit"
        case .retryAfter: "\(account) asked to retry later"
        case .backoff: "\(account) failed; backing off before retrying"
        }
        return "waiting \(seconds) s: \(reason) (\(wait.call))"
    }

    /// Called by the pipelines.
    func note(_ wait: RequestWait) {
        let line = Self.line(for: wait)
        let print = state.withLock { state -> Bool in
            state.latest = line
            guard !state.drawnByProgress, Date().timeIntervalSince(state.lastPrinted) >= interval else { return false }
            state.lastPrinted = Date()
            return true
        }
        if print { Console.error(line) }
    }

    /// While live progress bars are drawn, they show the latest wait (`takeLatest`) instead.
    func setDrawnByProgress(_ drawn: Bool) {
        state.withLock { $0.drawnByProgress = drawn }
    }

    /// The latest wait not yet drawn, if any.
    func takeLatest() -> String? {
        state.withLock { state in
            defer { state.latest = nil }
            return state.latest
        }
    }
}
