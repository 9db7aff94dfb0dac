import RehookModel

/// The final summary table of a run, one row per vendor and a total row.
public enum SummaryRenderer {
    static let headers = ["vendor", "applied", "failed", "skipped", "retries", "429s", "time"]

    /// ```
    /// vendor    applied  failed  skipped  retries  429s   time
    /// heygen         12       1        0        2     1   3.2s
    /// total          12       1        0        2     1   3.2s
    /// ```
    public static func table(_ snapshot: ProgressSnapshot) -> [String] {
        var rows = ProgressRenderer.vendorsWithWork(snapshot).map { row($0.0.rawValue, $0.1) }
        rows.append(row("total", snapshot.totals))
        let table = [headers] + rows
        let widths = headers.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { cells in
            cells.enumerated().map { column, cell in
                column == 0 ? ProgressRenderer.pad(cell, widths[column]) : ProgressRenderer.padLeft(cell, widths[column])
            }.joined(separator: "  ")
        }
    }

    /// The run's outcome in one line, e.g. `interrupted: 3 of 10 changes not finished`.
    public static func verdict(_ result: ExecutionResult) -> String {
        let totals = result.progress.totals
        let pending = totals.total - totals.done
        let already = result.alreadyInPlannedState
        let applied = already == 0 ? "\(totals.applied) applied"
            : "\(totals.applied - already) applied now, \(already) already in the planned state"
        switch result.exitCode {
        case ExitCodes.interrupted: return "interrupted: \(pending) of \(totals.total) changes not finished; resume with run id \(result.runID)"
        case ExitCodes.partiallyApplied, ExitCodes.failure: return "\(totals.failed) of \(totals.total) changes failed, \(applied)"
        case ExitCodes.staleSkipped: return "\(totals.skipped) stale changes skipped, \(applied)"
        default: return already == 0 ? "all \(totals.total) changes applied" : "all \(totals.total) changes in their planned state: \(applied)"
        }
    }

    private static func row(_ name: String, _ part: VendorProgress) -> [String] {
        [name, "\(part.applied)", "\(part.failed)", "\(part.skipped)", "\(part.retries)", "\(part.rateLimited)",
         ProgressRenderer.formatDuration(part.lastOutcomeAt)]
    }
}

/// The table `rehook runs` prints.
public enum RunListRenderer {
    static let headers = ["run", "created", "total", "applied", "failed", "skipped", "pending", "status"]

    public static func table(_ runs: [RunSummary]) -> [String] {
        let rows = runs.map { run in
            [run.id, run.created, "\(run.total)", "\(run.applied)", "\(run.failed)", "\(run.skipped)", "\(run.pending)",
             run.problem.map { "unreadable: " + $0 } ?? (run.isComplete ? "complete" : "incomplete")]
        }
        let table = [headers] + rows
        let widths = headers.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { cells in
            cells.enumerated().map { column, cell in
                let isNumber = (2...6).contains(column)
                if column == cells.count - 1 { return cell }
                return isNumber ? ProgressRenderer.padLeft(cell, widths[column]) : ProgressRenderer.pad(cell, widths[column])
            }.joined(separator: "  ")
        }
    }
}

extension RunListRenderer {
    /// The `format` of `rehook runs --json`.
    public static let jsonFormat = "rehook-runs"
    /// Its version (`docs/schemas/runs.schema.json`).
    public static let jsonFormatVersion = 1

    /// `rehook runs --json`: one pretty-printed document with sorted keys,
    /// `{"format":"rehook-runs","format_version":1,"runs":[…]}`, runs oldest first; an
    /// unreadable run has its `problem` and no `created_at`.
    public static func json(_ runs: [RunSummary]) -> String {
        var json = JSONByteWriter(pretty: true, escapesSlashes: false, capacity: 256 + runs.count * 256)
        json.openObject()
        json.key("format"); json.string(jsonFormat)
        json.key("format_version"); json.int(jsonFormatVersion)
        json.key("runs"); json.openArray()
        for run in runs {
            json.openObject()
            json.key("applied"); json.int(run.applied)
            json.key("complete"); json.bool(run.isComplete)
            if run.problem == nil { json.key("created_at"); json.string(run.created) }
            json.key("failed"); json.int(run.failed)
            json.key("id"); json.string(run.id)
            json.key("pending"); json.int(run.pending)
            if let problem = run.problem { json.key("problem"); json.string(problem) }
            json.key("skipped"); json.int(run.skipped)
            json.key("total"); json.int(run.total)
            json.closeObject()
        }
        json.closeArray()
        json.closeObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
