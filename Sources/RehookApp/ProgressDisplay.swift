import Foundation
import RehookExecution
import RehookModel

/// Shows progress on standard error — an apply's (`update`) or a read of the accounts'
/// webhooks (`updateListing`): live lines redrawn in place when standard error is a terminal,
/// a status line every few seconds otherwise (the first after a few seconds: a quick read
/// prints nothing), or, for an apply with `--json`, one JSON line per event on standard output.
///
/// JSON lines go to standard output from a serial queue: a line is written as soon as the
/// queue is free, and lines that arrive while it writes go out together in the next write, so
/// workers never wait on the pipe (one `write` per event under the lock serialised them all).
public final class ProgressDisplay: @unchecked Sendable {
    public enum Mode: Sendable { case live, periodic, json }

    private let mode: Mode
    private let outputQueue = DispatchQueue(label: "rehook.progress-output")
    // Guards everything below: updates arrive from many tasks at once.
    private let lock = NSLock()
    private var latest: ProgressSnapshot?
    private var latestListing: ListingSnapshot?
    private var lastDrawn = Date.distantPast
    private var linesOnScreen = 0
    /// The latest wait (`WaitNotice`), drawn under the bars on a terminal.
    private var waitLine: String?
    /// JSON lines not yet handed to standard output, and whether a write is queued for them.
    private var pendingOutput: [UInt8] = []
    private var outputIsQueued = false

    /// Redraws at most this often on a terminal; status lines at this interval otherwise.
    private var interval: TimeInterval { mode == .live ? 0.1 : 3 }

    public init(mode: Mode) {
        self.mode = mode
        if mode == .json { Console.out(ProgressRenderer.streamHeaderLine()) }
        if mode == .live { WaitNotice.shared.setDrawnByProgress(true) }
        if mode == .periodic { lastDrawn = Date() }
    }

    /// Live lines when standard error (where progress goes) is a terminal, status lines otherwise.
    public static func mode(for policy: OutputPolicy) -> Mode {
        policy.isTerminal(.error) ? .live : .periodic
    }

    /// Called while the accounts are read (never in `.json` mode).
    public func updateListing(_ snapshot: ListingSnapshot) {
        lock.withLock {
            latestListing = snapshot
            guard mode != .json, Date().timeIntervalSince(lastDrawn) >= interval else { return }
            lastDrawn = Date()
            draw(lines: ProgressRenderer.listingLines(snapshot), status: ProgressRenderer.listingStatusLine(snapshot))
        }
    }

    /// Called by the engine after every event.
    public func update(_ update: ExecutionUpdate) {
        lock.withLock {
            latest = update.snapshot
            switch mode {
            case .json:
                pendingOutput.append(contentsOf: ProgressRenderer.jsonLineBytes(update))
                pendingOutput.append(UInt8(ascii: "\n"))
                if !outputIsQueued {
                    outputIsQueued = true
                    outputQueue.async { self.writePendingOutput() }
                }
            case .live, .periodic:
                let now = Date()
                guard now.timeIntervalSince(lastDrawn) >= interval else { return }
                lastDrawn = now
                draw(lines: ProgressRenderer.barLines(update.snapshot), status: ProgressRenderer.statusLine(update.snapshot))
            }
        }
    }

    private func writePendingOutput() {
        let bytes = lock.withLock { () -> [UInt8] in
            outputIsQueued = false
            defer { pendingOutput = [] }
            return pendingOutput
        }
        Console.write(bytes, to: .output)
    }

    /// Writes every JSON line still pending, and draws the final state once more (terminal)
    /// so the bars end complete. Call before printing anything after the run.
    public func finish() {
        outputQueue.sync {}
        lock.withLock {
            guard mode == .live else { return }
            waitLine = nil
            _ = WaitNotice.shared.takeLatest()
            if let latest {
                draw(lines: ProgressRenderer.barLines(latest), status: "")
            } else if let latestListing {
                draw(lines: ProgressRenderer.listingLines(latestListing), status: "")
            }
        }
        if mode == .live { WaitNotice.shared.setDrawnByProgress(false) }
    }

    /// On a terminal, `lines` redrawn in place (with the latest wait under them); otherwise
    /// `status` as one line.
    private func draw(lines: [String], status: String) {
        switch mode {
        case .live:
            if let latest = WaitNotice.shared.takeLatest() { waitLine = latest }
            let shown = lines + (waitLine.map { [$0] } ?? [])
            var text = linesOnScreen > 0 ? "\u{1B}[\(linesOnScreen)F" : ""
            for line in shown { text += "\u{1B}[2K" + line + "\n" }
            // Lines left over from a taller drawing (a wait line that is gone) are cleared.
            if linesOnScreen > shown.count { text += "\u{1B}[0J" }
            Console.write(Data(text.utf8), to: .error)
            linesOnScreen = shown.count
        case .periodic:
            Console.error(status)
        case .json:
            break
        }
    }
}

/// The end-of-run report beyond the summary table.
enum ApplyReport {
    /// What `rehook apply` and the REPL's `:apply` print when a run ends: the table per
    /// vendor, the changes that did not simply apply, the verdict, `timing` (apply's line on
    /// elapsed time and estimate) when given, the run id with its rollback path, and the
    /// resume command when interrupted.
    static func summaryLines(_ result: ExecutionResult, timing: String? = nil) -> [String] {
        SummaryRenderer.table(result.progress) + problemLines(result) + ["", SummaryRenderer.verdict(result)]
            + (timing.map { [$0] } ?? []) + [runLine(result)]
    }

    /// One line per change that did not simply apply: failures with the vendor's message,
    /// stale skips with what changed, and verification warnings.
    static func problemLines(_ result: ExecutionResult) -> [String] {
        var lines: [String] = []
        // Only the problems are sorted: sorting every key of a 10,000-change run cost 0.1 s.
        let problems = result.outcomes.filter { _, outcome in
            switch outcome {
            case .failed, .skipped: true
            case .applied(_, let warnings): !warnings.isEmpty
            case .pending: false
            }
        }
        for key in problems.keys.sorted() {
            switch problems[key] {
            case .failed(let message)?: lines.append("  failed   \(key): \(message)")
            case .skipped(let reason)?: lines.append("  skipped  \(key): \(reason)")
            case .applied(_, let warnings)? where !warnings.isEmpty:
                for warning in warnings { lines.append("  verify   \(key): \(warning)") }
            default: break
            }
        }
        return lines.isEmpty ? [] : [""] + lines
    }

    /// Where the run's files are, and how to finish an interrupted run.
    static func runLine(_ result: ExecutionResult) -> String {
        let place = "Run \(result.runID): journal and rollback plan in \(result.runDirectory.path)"
            + " (undo with: rehook apply \(result.runDirectory.appendingPathComponent(RunStore.rollbackFile).path))"
        return result.interrupted ? place + "\nResume with: rehook apply --resume \(result.runID)" : place
    }

    /// The final NDJSON line of `--json`.
    static func jsonSummary(_ result: ExecutionResult, timing: ApplyTiming) -> String {
        let totals = result.progress.totals
        var object: [String: Any] = [
            "event": "summary", "run_id": result.runID, "exit_code": Int(result.exitCode),
            "total": totals.total, "applied": totals.applied, "already_applied": result.alreadyInPlannedState,
            "failed": totals.failed, "skipped": totals.skipped,
            "retries": totals.retries, "rate_limited": totals.rateLimited, "interrupted": result.interrupted,
            "elapsed_seconds": (timing.elapsed * 1000).rounded() / 1000, "rate_bound_seconds": timing.bound.seconds,
        ]
        if let estimate = timing.estimate { object["estimate_seconds"] = estimate.seconds }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// An apply's time next to what the accounts' rates allowed for the requests it made, and the
/// plan's estimate when it has one.
struct ApplyTiming: Sendable {
    /// Seconds the execution took.
    var elapsed: Double
    /// What the rates allow for the requests made (`Fleet.rateBound(since:)`).
    var bound: PlanEstimate
    /// The plan's estimate, made before any write.
    var estimate: PlanEstimate?

    /// `Took 4.8 s; the configured rates allow 4.3 s for the 2,360 requests made (the plan estimated ≈ 4 s).`
    var line: String {
        let requests = bound.vendors.reduce(0) { $0 + $1.requests }
        var text = "Took \(Self.seconds(elapsed)); the configured rates allow \(Self.seconds(bound.seconds)) for the "
            + "\(Plural.count(requests, "request")) made"
        if let estimate { text += " (the plan estimated ≈ \(PlanEstimate.format(estimate.seconds)))" }
        return text + "."
    }

    private static func seconds(_ value: Double) -> String {
        value < 60 ? "\((value * 10).rounded() / 10) s" : PlanEstimate.format(value)
    }
}
