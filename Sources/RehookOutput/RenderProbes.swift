import RehookModel

/// The table of probed destinations (`Plan.probes`) the human and Markdown plans show: one row
/// per distinct new URL with its verdict, answer, time and TLS check; URLs are already masked.
enum ProbeTable {
    struct Row {
        let verdict, destination, answer, time, tls: String
    }

    static func rows(_ probes: [DestinationProbeResult]) -> [Row] {
        probes.map { probe in
            let verdict = !probe.isReachable ? "unreachable" : probe.isSlow ? "slow" : "reachable"
            return Row(verdict: verdict, destination: probe.destination, answer: probe.outcome,
                       time: "\(probe.milliseconds) ms", tls: "tls \(probe.tls.rawValue)")
        }
    }

    /// `Destinations probed (2):` and one aligned line per destination, then a blank line.
    static func humanLines(_ plan: Plan, style: TerminalStyle) -> [String] {
        guard let probes = plan.probes, !probes.isEmpty else { return [] }
        let rows = rows(probes)
        let verdictWidth = width(rows, \.verdict), destinationWidth = width(rows, \.destination)
        let answerWidth = width(rows, \.answer), timeWidth = width(rows, \.time)
        let lines = rows.map { row -> String in
            let color: TerminalColor = row.verdict == "unreachable" ? .red : row.verdict == "slow" ? .yellow : .green
            let verdict = style.paint(padded(row.verdict, verdictWidth), color)
            let time = String(repeating: " ", count: timeWidth - row.time.count) + row.time
            return "  \(verdict)  \(padded(row.destination, destinationWidth))  \(padded(row.answer, answerWidth))  "
                + "\(time)  \(row.tls)"
        }
        return ["Destinations probed (\(probes.count)):"] + lines + [""]
    }

    private static func width(_ rows: [Row], _ column: KeyPath<Row, String>) -> Int {
        rows.map { $0[keyPath: column].count }.max() ?? 0
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// A Markdown table of the probes, or nothing when the plan was not probed.
    static func markdownLines(_ plan: Plan) -> [String] {
        guard let probes = plan.probes, !probes.isEmpty else { return [] }
        return ["", "| destination | probe | answer | time | TLS |", "| --- | --- | --- | ---: | --- |"]
            + rows(probes).map { row in
                "| \(row.destination.escapedForTableCell) | \(row.verdict) | \(row.answer.escapedForTableCell) "
                    + "| \(row.time) | \(row.tls.dropFirst(4)) |"
            }
    }
}
