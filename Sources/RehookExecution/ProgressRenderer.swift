import Foundation
import RehookModel

/// Text for live progress: pure functions of a snapshot, so the CLI only decides where and
/// when to print (redrawn bars on a TTY, a status line every few seconds otherwise, NDJSON with --json).
public enum ProgressRenderer {
    /// One bar line per vendor with work, in vendor order, then a total line:
    /// `heygen    [#####.....]     20/40    4.0/s  ETA 5.0s    retries 2  429s 1`. A vendor's
    /// ETA is its remaining changes at its current rate; a finished vendor shows `done` and
    /// keeps the rate it finished at. The total line shows the elapsed time and the longest ETA.
    public static func barLines(_ snapshot: ProgressSnapshot, barWidth: Int = 20) -> [String] {
        let vendors = vendorsWithWork(snapshot)
        guard !vendors.isEmpty else { return [] }
        var etas: [Double?] = []
        var lines = vendors.map { vendor, part in
            let rate = rate(of: vendor, in: snapshot)
            let remaining = part.total - part.done
            etas.append(remaining <= 0 ? 0 : rate > 0 ? Double(remaining) / rate : nil)
            return barLine(vendor.rawValue, part, rateColumn: String(format: "%.1f/s", rate),
                           eta: eta(remaining: remaining, rate: rate), barWidth: barWidth)
        }
        let totals = snapshot.totals
        let longest = etas.contains { $0 == nil } ? nil : etas.compactMap { $0 }.max()
        let totalETA = totals.isFinished ? "done" : longest.map { formatDuration(.seconds(fractional: $0)) } ?? "--"
        lines.append(barLine("total", totals, rateColumn: formatDuration(snapshot.elapsed), eta: totalETA, barWidth: barWidth))
        return lines
    }

    private static func barLine(_ name: String, _ part: VendorProgress, rateColumn: String, eta: String, barWidth: Int) -> String {
        let width = max(1, barWidth)
        let filled = part.total <= 0 ? width : min(width, max(0, part.done) * width / part.total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return pad(name, 9) + " [" + bar + "] " + padLeft("\(part.done)/\(part.total)", 9) + "  " + padLeft(rateColumn, 7)
            + "  ETA " + pad(eta, 6) + "  retries \(part.retries)  429s \(part.rateLimited)"
    }

    /// One line for non-TTY output: per-vendor done/total, then retries and elapsed time.
    public static func statusLine(_ snapshot: ProgressSnapshot) -> String {
        let parts = vendorsWithWork(snapshot).map { "\($0.0.rawValue) \($0.1.done)/\($0.1.total)" }
        let totals = snapshot.totals
        return "progress: " + parts.joined(separator: ", ")
            + " | applied \(totals.applied), failed \(totals.failed), skipped \(totals.skipped), retries \(totals.retries)"
            + ", 429s \(totals.rateLimited)"
            + " | " + formatDuration(snapshot.elapsed)
    }

    /// The `format` named by the first line of every `--json` stream.
    public static let eventStreamFormat = "rehook-events"
    /// The `--json` stream's format version (`docs/schemas/events.schema.json`): raised when a
    /// line is renamed, retyped or changes meaning, so a consumer can refuse what it does not know.
    public static let eventStreamVersion = 1

    /// The first line of every `--json` stream, before any event:
    /// `{"event":"stream","format":"rehook-events","format_version":1}`.
    public static func streamHeaderLine() -> String {
        var json = JSONByteWriter(capacity: 64)
        json.openObject()
        json.key("event"); json.string("stream")
        json.key("format"); json.string(eventStreamFormat)
        json.key("format_version"); json.int(eventStreamVersion)
        json.closeObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// One NDJSON line per event (for `--json`): `{"account":"main","elapsed_seconds":0.412,...}`,
    /// keys sorted, numbers with three decimals.
    public static func jsonLine(_ update: ExecutionUpdate) -> String {
        String(decoding: jsonLineBytes(update), as: UTF8.self)
    }

    /// `jsonLine` as UTF-8 bytes, for writers that send bytes (two lines per change).
    public static func jsonLineBytes(_ update: ExecutionUpdate) -> [UInt8] {
        let key = update.event.key
        var json = JSONByteWriter(capacity: 160)
        json.openObject()
        json.key("account"); json.string(key.account)
        if case .retried(_, let after, _, _) = update.event { json.key("after_seconds"); json.literal(seconds(after)) }
        if case .applied(_, let alreadyApplied) = update.event { json.key("already_applied"); json.bool(alreadyApplied) }
        json.key("elapsed_seconds"); json.literal(seconds(update.snapshot.elapsed))
        json.key("event"); json.string(eventName(update.event))
        json.key("id"); json.string(key.id)
        // Slashes are escaped in these lines, so the console cannot find URLs in them: mask here.
        switch update.event {
        case .failed(_, let text), .verifyWarning(_, let text): json.key("message"); json.string(URLCredentials.masking(in: text))
        case .retried(_, _, let reason, let rateLimited):
            json.key("rate_limited"); json.bool(rateLimited)
            json.key("reason"); json.string(URLCredentials.masking(in: reason))
        case .skipped(_, let reason): json.key("reason"); json.string(URLCredentials.masking(in: reason))
        case .started, .applied: break
        }
        json.key("vendor"); json.string(key.vendor.rawValue)
        json.closeObject()
        return json.bytes
    }

    private static func eventName(_ event: ExecutionEvent) -> String {
        switch event {
        case .started: "started"
        case .retried: "retried"
        case .applied: "applied"
        case .failed: "failed"
        case .skipped: "skipped"
        case .verifyWarning: "verify_warning"
        }
    }

    /// `12.345`: seconds with three decimals, as `%.3f` prints them (rounded to the
    /// millisecond), without `String(format:)`, which cost 1.5 % of an apply's CPU.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = Int((duration.seconds * 1000).rounded())
        let sign = milliseconds < 0 ? "-" : ""
        let whole = abs(milliseconds) / 1000, fraction = abs(milliseconds) % 1000
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: 3 - digits.count) + digits
    }

    /// Changes per second this execution finishes for `vendor`, from its first outcome to now
    /// (to its last outcome once it has finished, so a finished vendor's rate stays put); from
    /// the start while its outcomes span less than a second (too short to measure a rate by).
    static func rate(of vendor: VendorID, in snapshot: ProgressSnapshot) -> Double {
        guard let part = snapshot.vendors[vendor] else { return 0 }
        let done = max(0, part.done - (snapshot.doneAtStart[vendor] ?? 0))
        let end = part.isFinished ? part.lastOutcomeAt : snapshot.elapsed
        if let first = part.firstOutcomeAt, done >= 2, end - first >= .seconds(1) {
            return Double(done - 1) / (end - first).seconds
        }
        return end.seconds > 0 ? Double(done) / end.seconds : 0
    }

    static func eta(remaining: Int, rate: Double) -> String {
        if remaining <= 0 { return "done" }
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
