import Foundation
import Logging
import RehookModel

/// The request log of one account: at `debug`, one line per attempt (vendor, account, method,
/// path with credential query values masked, status, milliseconds, attempt, the wait for a
/// rate slot) and one per retry decision (the wait, `Retry-After`, whether a 429 slowed the
/// account or ended the request). Written only by `AccountPipeline`; keys, webhook secrets and
/// URL credentials never reach it (it sees paths, statuses and error kinds, not headers, bodies
/// or vendor messages).
public struct RequestLog: Sendable {
    public let logger: Logger
    let vendor: VendorID
    let account: String

    public init(logger: Logger, vendor: VendorID, account: String) {
        self.logger = logger
        self.vendor = vendor
        self.account = account
    }

    /// An attempt ended: answered (`status`) or failed (`error`).
    func attempt(_ call: String, number: Int, status: Int?, error: VendorError?, elapsed: Duration, waited: Duration) {
        guard isWritten else { return }
        let waitedPart = waited >= .milliseconds(1) ? " rate_wait_ms=\(Self.milliseconds(waited))" : ""
        let line = "\(prefix("request", call)) status=\(status.map(String.init) ?? Self.words(error)) "
            + "ms=\(Self.milliseconds(elapsed)) attempt=\(number)" + waitedPart
        logger.debug("\(line)")
    }

    /// A failed attempt will be tried again after `delay`.
    func retry(_ call: String, after number: Int, delay: Duration, error: VendorError) {
        guard isWritten else { return }
        let retryAfter = error.retryAfter.map { " retry_after_s=\($0)" } ?? ""
        let slowed = error.kind.isRateLimited ? " account_slowed=yes" : ""
        let line = "\(prefix("retry", call)) after_attempt=\(number) error=\(Self.words(error))\(retryAfter) "
            + "wait_ms=\(Self.milliseconds(delay))\(slowed)"
        logger.debug("\(line)")
    }

    /// A failed attempt is the last one.
    func gaveUp(_ call: String, after number: Int, error: VendorError) {
        guard isWritten else { return }
        let line = "\(prefix("give-up", call)) after_attempt=\(number) error=\(Self.words(error))"
            + (error.isRetryable ? " reason=attempts-or-time-exhausted" : " reason=not-retryable")
        logger.debug("\(line)")
    }

    /// Whether the logger writes `debug` lines: the lines are not even built otherwise (building
    /// one, credential masking included, was ~2 % of an apply's CPU).
    private var isWritten: Bool { logger.logLevel <= .debug }

    private func prefix(_ event: String, _ call: String) -> String {
        let parts = call.split(separator: " ", maxSplits: 1)
        let method = parts.first.map(String.init) ?? call
        let target = parts.count > 1 ? URLCredentials.maskingQuery(String(parts[1])) : ""
        return "\(event) vendor=\(vendor.rawValue) account=\(account) method=\(method) path=\(target)"
    }

    /// An error as a status-like word: `429`, `500`, `timeout`, `unreachable`, …
    static func words(_ error: VendorError?) -> String {
        guard let error else { return "none" }
        switch error.kind {
        case .rateLimited: return "429"
        case .server(let status), .rejected(let status): return String(status)
        case .notFound: return "404"
        case .unauthorized: return "unauthorized"
        case .connection: return "connection-failed"
        case .unreachable: return "unreachable"
        case .interrupted: return "interrupted"
        case .timeout: return "timeout"
        case .malformedResponse: return "malformed-response"
        case .invalidRequest: return "invalid-request"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int { Int((duration.seconds * 1000).rounded()) }
}

/// The HTTP status of the attempt under way, recorded by the connection that received it
/// (the pipeline only sees the decoded result or the classified error).
enum AttemptStatus {
    @TaskLocal static var current: Locked<Int?>?

    /// Records `status` for the request log of the attempt running in this task.
    static func record(_ status: Int) { current?.withLock { $0 = status } }
}

extension VendorError.Kind {
    var isRateLimited: Bool {
        if case .rateLimited = self { return true }
        return false
    }
}
