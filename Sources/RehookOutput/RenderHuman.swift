import Foundation
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
            lines += groupLines(group, style: style, width: options.width)
        }
        lines += warningLines(plan.warnings, style: style)
        lines.append(style.paint(PlanSummary.sentence(for: plan), .bold))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `render(_:options:)` handed to `write` in pieces, one account's block at a time, the
    /// accounts rendered on every core (a plan of 72,000 changes is ~15 MB of text).
    public static func render(_ plan: Plan, options: RenderOptions = RenderOptions(), write: (String) -> Void) {
        let style = TerminalStyle(mode: options.colorMode)
        let groups = PlanSummary.groups(of: plan)
        let blocks = Blocks(count: groups.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { index in
            blocks.set(index, groupLines(groups[index], style: style, width: options.width).map { $0 + "\n" }.joined())
        }
        for block in blocks.values { write(block) }
        var lines = warningLines(plan.warnings, style: style)
        lines.append(style.paint(PlanSummary.sentence(for: plan), .bold))
        write(lines.map { $0 + "\n" }.joined())
    }

    /// Texts written once per index from several threads.
    private final class Blocks: @unchecked Sendable {
        private var texts: [String]
        private let lock = NSLock()

        init(count: Int) { texts = Array(repeating: "", count: count) }
        func set(_ index: Int, _ text: String) { lock.withLock { texts[index] = text } }
        var values: [String] { lock.withLock { texts } }
    }

    /// `render(_:options:)` for a plan read change by change: the same text, handed to `write`
    /// one account at a time, so only one account's changes are held at once.
    public static func render(_ plan: StreamedPlan, options: RenderOptions = RenderOptions(),
                              write: (String) -> Void) throws {
        let style = TerminalStyle(mode: options.colorMode)
        for (account, indices) in PlanSummary.groups(of: plan.keys) {
            let changes = try indices.map { try plan.change(at: $0) }
            let group = ChangeGroup(vendor: account.vendor, account: account.account, changes: ArraySlice(changes))
            write(groupLines(group, style: style, width: options.width).map { $0 + "\n" }.joined())
        }
        var lines = warningLines(plan.header.warnings, style: style)
        lines.append(style.paint(PlanSummary.sentence(changeCount: plan.count,
                                                      countsByVendor: plan.keys.reduce(into: [:]) { $0[$1.vendor, default: 0] += 1 },
                                                      unchangedMatches: plan.header.unchangedMatches), .bold))
        write(lines.map { $0 + "\n" }.joined())
    }

    /// One account's heading and change blocks, and the blank line after them.
    static func groupLines(_ group: ChangeGroup, style: TerminalStyle, width: Int) -> [String] {
        var lines: [String] = []
        let heading = "# \(group.vendor.rawValue)/\(group.account) (\(group.vendor.displayName)): "
            + "\(Plural.count(group.changes.count, "webhook")) to change"
        lines.append(style.paint(heading, .bold))
        for change in group.changes {
            lines.append("")
            lines.append("\(style.paint("~", .yellow)) \(PlanSummary.webhookTitle(change))")
            for field in change.fields {
                lines += fieldLines(FieldDiff(field), style: style, width: width).map { blockIndent + $0 }
            }
        }
        lines.append("")
        return lines
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
