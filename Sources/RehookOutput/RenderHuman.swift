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
        var text = ""
        render(plan, options: options) { text += $0 }
        return text
    }

    /// `render(_:options:)` handed to `write` in pieces, one account's block at a time, the
    /// accounts rendered on every core (a plan of 72,000 changes is ~15 MB of text).
    public static func render(_ plan: Plan, options: RenderOptions = RenderOptions(), write: (String) -> Void) {
        let style = TerminalStyle(mode: options.colorMode)
        let groups = PlanSummary.groups(of: plan)
        let blocks = Blocks(count: groups.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { index in
            blocks.set(index, text(of: groupLines(groups[index], style: style, width: options.width)))
        }
        for block in blocks.values { write(block) }
        write(closingText(plan, changeCount: plan.changes.count, countsByVendor: plan.countsByVendor, style: style))
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
            write(text(of: groupLines(group, style: style, width: options.width)))
        }
        write(closingText(plan.header, changeCount: plan.count,
                          countsByVendor: plan.keys.reduce(into: [:]) { $0[$1.vendor, default: 0] += 1 }, style: style))
    }

    /// What follows the changes: the probes, the warnings, the summary sentence, the estimate
    /// and the digest. `plan`'s own changes are not read.
    private static func closingText(_ plan: Plan, changeCount: Int, countsByVendor: [VendorID: Int],
                                    style: TerminalStyle) -> String {
        var lines = ProbeTable.humanLines(plan, style: style)
        lines += warningLines(plan.warnings, style: style)
        lines.append(style.paint(PlanSummary.sentence(changeCount: changeCount, countsByVendor: countsByVendor,
                                                      unchangedMatches: plan.unchangedMatches), .bold))
        if let estimate = PlanSummary.estimateSentence(plan.estimate, changeCount: changeCount) { lines.append(estimate) }
        if let digest = plan.digest { lines.append("Digest: \(digest)") }
        return text(of: lines)
    }

    /// `lines`, each ending in a newline (joined once: not a new string per line first).
    static func text(of lines: [String]) -> String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// One account's heading and change blocks, and the blank line after them.
    static func groupLines(_ group: ChangeGroup, style: TerminalStyle, width: Int) -> [String] {
        var lines: [String] = []
        let heading = "# \(group.vendor.rawValue)/\(group.account) (\(group.vendor.displayName)): "
            + "\(Plural.count(group.changes.count, "webhook")) to change"
        lines.append(style.paint(heading, .bold))
        group.changes.forEachInPlace { change in
            lines.append("")
            lines += changeLines(change, style: style, width: width)
        }
        lines.append("")
        return lines
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
            let name = "\(field)"
            let oneLine = "\(name): \(before) → \(after)"
            let lineWidth = blockIndent.count + "~ ".count + lineLength(oneLine, field: name, before: before, after: after)
            guard lineWidth > width || sharedPrefixLength(before, after) >= longSharedPrefix else {
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

    /// `oneLine.count` for `oneLine` = `field: before → after`, from its bytes when the field and
    /// both values are plain ASCII (`isPlainASCII`).
    static func lineLength(_ oneLine: String, field: String, before: String, after: String) -> Int {
        guard isPlainASCII(field), isPlainASCII(before), isPlainASCII(after) else { return oneLine.count }
        return oneLine.utf8.count - ("→".utf8.count - 1)
    }

    /// `before.commonPrefix(with: after).count`, from the bytes when both are plain ASCII.
    static func sharedPrefixLength(_ before: String, _ after: String) -> Int {
        guard isPlainASCII(before), isPlainASCII(after) else { return before.commonPrefix(with: after).count }
        var shared = 0
        for (old, new) in zip(before.utf8, after.utf8) {
            guard old == new else { break }
            shared += 1
        }
        return shared
    }

    /// ASCII without `\r` (which makes one `Character` with a following `\n`): its bytes count
    /// and compare as its `Character`s. Measuring lines `Character` by `Character` was ~3 % of
    /// rendering a plan.
    private static func isPlainASCII(_ text: String) -> Bool {
        // Native strings are contiguous: a plain loop over their bytes, where iterating the
        // `UTF8View` was 1.7 % of a large plan's instructions.
        let plain = { (byte: UInt8) in byte < 0x80 && byte != UInt8(ascii: "\r") }
        return text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(plain) } ?? text.utf8.allSatisfy(plain)
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
