import RehookModel

/// The default, Terraform-like plan output: one block per webhook, grouped by vendor and
/// account, then warnings, then the summary sentence.
public enum HumanPlanRenderer {
    /// Before and after values sharing at least this many leading characters go on separate
    /// aligned lines, so the eye finds the part that differs.
    static let longSharedPrefix = 32
    /// Field lines sit this far inside their webhook's block.
    static let blockIndent = "    "

    /// Renders `plan` for a terminal; colour only when `options.colorMode` says so.
    public static func render(_ plan: Plan, options: RenderOptions = RenderOptions()) -> String {
        let style = TerminalStyle(mode: options.colorMode)
        var lines: [String] = []
        for group in PlanSummary.groups(of: plan) {
            let heading = "# \(group.vendor.rawValue)/\(group.account) (\(group.vendor.displayName)): "
                + "\(Plural.count(group.changes.count, "webhook")) to change"
            lines.append(style.paint(heading, .bold))
            for change in group.changes {
                lines.append("")
                lines += changeLines(change, style: style, width: options.width)
            }
            lines.append("")
        }
        lines += ProbeTable.humanLines(plan, style: style)
        lines += warningLines(plan.warnings, style: style)
        lines.append(style.paint(PlanSummary.sentence(for: plan), .bold))
        if let estimate = PlanSummary.estimateSentence(for: plan) { lines.append(estimate) }
        if let digest = plan.digest { lines.append("Digest: \(digest)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One webhook's block exactly as `render` shows it in a plan (the REPL's `:review` shows
    /// changes one at a time with it), ending in a newline.
    public static func renderChange(_ change: PlannedChange, options: RenderOptions = RenderOptions()) -> String {
        changeLines(change, style: TerminalStyle(mode: options.colorMode), width: options.width).joined(separator: "\n") + "\n"
    }

    static func changeLines(_ change: PlannedChange, style: TerminalStyle, width: Int) -> [String] {
        ["\(style.paint("~", .yellow)) \(PlanSummary.webhookTitle(change))"]
            + change.fields.flatMap { fieldLines(FieldDiff($0), style: style, width: width).map { blockIndent + $0 } }
    }

    static func warningLines(_ warnings: [String], style: TerminalStyle) -> [String] {
        guard !warnings.isEmpty else { return [] }
        let entries = warnings.map { warning -> String in
            if warning.hasPrefix("error: ") { return "  " + style.paint("error:", .red) + warning.dropFirst(6) }
            if warning.hasPrefix("warning: ") { return "  " + style.paint("warning:", .yellow) + warning.dropFirst(8) }
            return "  " + style.paint("warning:", .yellow) + " " + warning
        }
        return ["\(Plural.count(warnings.count, "warning")):"] + entries + [""]
    }

    /// The lines of one field change, without the block indentation.
    static func fieldLines(_ diff: FieldDiff, style: TerminalStyle, width: Int) -> [String] {
        let update = style.paint("~", .yellow), add = style.paint("+", .green), remove = style.paint("-", .red)
        switch diff {
        case .replaced(let field, let before, let after):
            let oneLine = "\(field): \(before) → \(after)"
            let lineWidth = blockIndent.count + "~ ".count + oneLine.count
            guard lineWidth > width || before.commonPrefix(with: after).count >= longSharedPrefix else {
                return ["\(update) \(oneLine)"]
            }
            return ["\(update) \(field):", "    \(remove) \(before)", "    \(add) \(after)"]
        case .added(let field, let after):
            return ["\(add) \(field): \(after)"]
        case .setBlind(let field, let after):
            return ["\(update) \(field): set (current value unknown) → \(after)"]
        case .secret(let field, let source, let currentKnown):
            let detail = currentKnown ? "changed, now (set from \(source))" : "(set from \(source)); current value unknown"
            return ["\(update) \(field): \(detail)"]
        case .events(let events):
            return eventLines(events, update: update, add: add, remove: remove)
        }
    }

    private static func eventLines(_ events: EventDiff, update: String, add: String, remove: String) -> [String] {
        if let kept = events.narrowedTo {
            return ["\(update) events: all events → only these \(kept.count):"] + kept.map { "      \($0)" }
        }
        if let listed = events.widenedFrom {
            return ["\(update) events: \(listed.count) listed → all events; until now:"] + listed.map { "      \($0)" }
        }
        if case .all = events.after {
            let before = events.before == nil ? "set (current value unknown)" : "all events"
            return ["\(update) events: \(before) → all events"]
        }
        var lines = ["\(update) events:"]
        lines += events.added.map { "    \(add) \($0)" }
        lines += events.removed.map { "    \(remove) \($0)" }
        if events.unchangedCount > 0 { lines.append("    (\(events.unchangedCount) unchanged)") }
        if events.before == nil { lines[0] += " set (current value unknown)" }
        return lines
    }
}
