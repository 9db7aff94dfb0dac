import Foundation
import RehookModel

/// Text for live progress: pure functions of a snapshot, so the CLI only decides where and
/// when to print (redrawn bars on a TTY, a status line every few seconds otherwise, NDJSON with --json).
public enum ProgressRenderer {
    /// One bar line per vendor with work, in vendor order:
    /// `heygen    [#####.....]     20/40    4.0/s  ETA 5.0s    retries 2`.
    public static func barLines(_ snapshot: ProgressSnapshot, barWidth: Int = 20) -> [String] {
        vendorsWithWork(snapshot).map { vendor, part in
            let width = max(1, barWidth)
            let filled = part.total <= 0 ? width : min(width, max(0, part.done) * width / part.total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let counts = "\(part.done)/\(part.total)"
            let rate = rate(of: vendor, in: snapshot)
            let eta = eta(remaining: part.total - part.done, rate: rate)
            return pad(vendor.rawValue, 9) + " [" + bar + "] " + padLeft(counts, 9) + "  "
                + padLeft(String(format: "%.1f/s", rate), 7) + "  ETA " + pad(eta, 6) + "  retries \(part.retries)"
        }
    }

    /// One line for non-TTY output: per-vendor done/total, then retries and elapsed time.
    public static func statusLine(_ snapshot: ProgressSnapshot) -> String {
        let parts = vendorsWithWork(snapshot).map { "\($0.0.rawValue) \($0.1.done)/\($0.1.total)" }
        let totals = snapshot.totals
        return "progress: " + parts.joined(separator: ", ")
            + " | applied \(totals.applied), failed \(totals.failed), skipped \(totals.skipped), retries \(totals.retries)"
            + " | " + formatDuration(snapshot.elapsed)
    }

    /// One NDJSON line per event (for `--json`): `{"event":"applied","vendor":"heygen",...}`.
    public static func jsonLine(_ update: ExecutionUpdate) -> String {
        let key = update.event.key
        var object: [String: JSONScalar] = [
            "vendor": .string(key.vendor.rawValue), "account": .string(key.account), "id": .string(key.id),
            "elapsed_seconds": .number(update.snapshot.elapsed.seconds),
        ]
        switch update.event {
        case .started: object["event"] = .string("started")
        case .retried(_, let after, let reason, let rateLimited):
            object["event"] = .string("retried")
            object["after_seconds"] = .number(after.seconds)
            object["reason"] = .string(reason)
            object["rate_limited"] = .bool(rateLimited)
        case .applied(_, let alreadyApplied):
            object["event"] = .string("applied")
            object["already_applied"] = .bool(alreadyApplied)
        case .failed(_, let message):
            object["event"] = .string("failed")
            object["message"] = .string(message)
        case .skipped(_, let reason):
            object["event"] = .string("skipped")
            object["reason"] = .string(reason)
        case .verifyWarning(_, let message):
            object["event"] = .string("verify_warning")
            object["message"] = .string(message)
        }
        return "{" + object.keys.sorted().map { "\"\($0)\":" + (object[$0]?.json ?? "null") }.joined(separator: ",") + "}"
    }

    /// Changes per second finished by this execution for `vendor`.
    static func rate(of vendor: VendorID, in snapshot: ProgressSnapshot) -> Double {
        let done = (snapshot.vendors[vendor]?.done ?? 0) - (snapshot.doneAtStart[vendor] ?? 0)
        let seconds = snapshot.elapsed.seconds
        return seconds > 0 ? Double(max(done, 0)) / seconds : 0
    }

    static func eta(remaining: Int, rate: Double) -> String {
        if remaining <= 0 { return "0s" }
        guard rate > 0 else { return "--" }
        return formatDuration(.seconds(fractional: Double(remaining) / rate))
    }

    /// `3.2s` under a minute, `2m05s` under an hour, `1h02m` beyond.
    public static func formatDuration(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }

    static func vendorsWithWork(_ snapshot: ProgressSnapshot) -> [(VendorID, VendorProgress)] {
        VendorID.allCases.compactMap { vendor in snapshot.vendors[vendor].map { (vendor, $0) } }.filter { $0.1.total > 0 }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// A JSON scalar, encoded by hand so NDJSON lines keep a stable key order.
enum JSONScalar {
    case string(String)
    case number(Double)
    case bool(Bool)

    var json: String {
        switch self {
        case .string(let text):
            let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        case .number(let value): return String(format: "%.3f", value)
        case .bool(let value): return value ? "true" : "false"
        }
    }
}
