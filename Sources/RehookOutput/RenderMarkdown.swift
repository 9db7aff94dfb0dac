import Foundation
import RehookModel

/// A plan as a pull-request comment: the summary sentence and digest, a table per vendor
/// account, the warnings, and one collapsible `diff` block per vendor — within
/// `RenderOptions.markdownLimit` characters (a GitHub comment's 65,536): a plan too large for
/// it keeps its summary, digest and counts, shows as many webhooks' details as fit and says
/// how many more are in the plan file.
public enum MarkdownPlanRenderer {
    /// Renders `plan` as GitHub-flavoured Markdown. Colour options are ignored.
    public static func render(_ plan: Plan, options: RenderOptions = RenderOptions()) -> String {
        let groups = PlanSummary.groups(of: plan)
        if options.summaryOnly { return finish(head(plan) + vendorTable(groups) + findingCounts(plan)) }
        let full = finish(head(plan) + accountTable(groups) + ProbeTable.markdownLines(plan) + warningLines(plan.warnings)
            + VendorID.allCases.flatMap { vendor in vendorSection(vendor, groups: groups, budget: .max).lines })
        guard full.utf8.count > options.markdownLimit else { return full }
        return budgeted(plan, groups: groups, limit: options.markdownLimit)
    }

    /// The plan too large for one comment: summary, digest, per-vendor counts, the warnings
    /// that fit in a quarter of the limit, then webhook details until the limit.
    private static func budgeted(_ plan: Plan, groups: [ChangeGroup], limit: Int) -> String {
        // Room for the closing note ("N more changes…") and the last section's closing lines.
        let reserve = 200
        var lines = head(plan) + vendorTable(groups) + ProbeTable.markdownLines(plan)
        var used = finish(lines).utf8.count
        let warningBudget = max(0, (limit - used) / 4)
        let warnings = warningLines(plan.warnings)
        var warningLength = 0
        var shownWarnings = 0
        for line in warnings where warningLength + line.utf8.count + 1 <= warningBudget {
            warningLength += line.utf8.count + 1
            shownWarnings += 1
        }
        lines += warnings.prefix(shownWarnings)
        if shownWarnings < warnings.count {
            lines.append("- … and \(Plural.count(warnings.count - shownWarnings, "more line")): see the plan file")
        }
        used = finish(lines).utf8.count
        var shownChanges = 0
        for vendor in VendorID.allCases {
            let section = vendorSection(vendor, groups: groups, budget: limit - reserve - used)
            guard section.shown > 0 else { continue }
            lines += section.lines
            used += section.lines.reduce(0) { $0 + $1.utf8.count + 1 }
            shownChanges += section.shown
        }
        let hidden = plan.changes.count - shownChanges
        if hidden > 0 {
            lines += ["", "**\(Plural.count(hidden, "more change")): see the plan file** (`rehook show PLAN.json`)."]
        }
        return finish(lines)
    }

    private static func finish(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    /// Heading, summary sentence, duration estimate and digest.
    private static func head(_ plan: Plan) -> [String] {
        var lines = ["### rehook plan", "", PlanSummary.sentence(for: plan).escapedForMarkdownText]
        if let estimate = PlanSummary.estimateSentence(for: plan) { lines += ["", estimate.escapedForMarkdownText] }
        if let digest = plan.digest { lines += ["", "Digest: `\(digest)`"] }
        return lines
    }

    private static func accountTable(_ groups: [ChangeGroup]) -> [String] {
        guard !groups.isEmpty else { return [] }
        return ["", "| vendor | account | webhooks changed | fields |", "| --- | --- | ---: | --- |"] + groups.map { group in
            let fields = group.changedFields.map(\.rawValue).joined(separator: ", ")
            return "| \(group.vendor.rawValue) | \(group.account.escapedForTableCell) "
                + "| \(group.changes.count) | \(fields.escapedForTableCell) |"
        }
    }

    /// One row per vendor: accounts, webhooks changed, fields.
    private static func vendorTable(_ groups: [ChangeGroup]) -> [String] {
        guard !groups.isEmpty else { return [] }
        return ["", "| vendor | accounts | webhooks changed | fields |", "| --- | ---: | ---: | --- |"]
            + VendorID.allCases.compactMap { vendor in
                let vendorGroups = groups.filter { $0.vendor == vendor }
                guard !vendorGroups.isEmpty else { return nil }
                let fields = Set(vendorGroups.flatMap(\.changedFields)).sorted().map(\.rawValue).joined(separator: ", ")
                return "| \(vendor.rawValue) | \(vendorGroups.count) | \(vendorGroups.reduce(0) { $0 + $1.changes.count }) "
                    + "| \(fields.escapedForTableCell) |"
            }
    }

    private static func warningLines(_ warnings: [String]) -> [String] {
        guard !warnings.isEmpty else { return [] }
        return ["", "**\(Plural.count(warnings.count, "warning"))**", ""] + warnings.map { "- " + $0.escapedForMarkdownText }
    }

    /// `--summary`: how many findings of each kind, not the findings.
    private static func findingCounts(_ plan: Plan) -> [String] {
        let errors = plan.warnings.count { $0.hasPrefix("error: ") }
        guard !plan.warnings.isEmpty else { return [] }
        return ["", "Review: \(Plural.count(errors, "error")), \(Plural.count(plan.warnings.count - errors, "warning"))."]
    }

    /// A vendor's collapsible diff with the changes whose blocks fit in `budget` characters
    /// (all of them for `.max`), and how many that is; no lines when none fit.
    private static func vendorSection(_ vendor: VendorID, groups: [ChangeGroup], budget: Int) -> (lines: [String], shown: Int) {
        let vendorGroups = groups.filter { $0.vendor == vendor }
        guard !vendorGroups.isEmpty else { return ([], 0) }
        let changes = vendorGroups.flatMap(\.changes)
        let summary = "\(vendor.displayName) (\(vendor.rawValue)): \(Plural.count(changes.count, "webhook")) in "
            + Plural.count(vendorGroups.count, "account")
        let opening = ["", "<details><summary>\(summary.escapedForHTML)</summary>", ""]
        // Opening, fence lines (at most 16 characters each) and closing.
        var used = opening.reduce(0) { $0 + $1.utf8.count + 1 } + 2 * 17 + "\n</details>\n".utf8.count
        var blocks: [String] = []
        for change in changes {
            let block = (["~ " + PlanSummary.webhookTitle(change)] + change.fields.flatMap { diffLines(FieldDiff($0)) })
                .joined(separator: "\n")
            let cost = block.utf8.count + 2
            if budget != .max && used + cost > budget { break }
            used += cost
            blocks.append(block)
        }
        guard !blocks.isEmpty else { return ([], 0) }
        let body = blocks.joined(separator: "\n\n")
        let fence = String(repeating: "`", count: max(3, body.longestBacktickRun + 1))
        return (opening + [fence + "diff", body, fence, "", "</details>"], blocks.count)
    }

    /// Lines with the `+`/`-` marker in the first column, as a `diff` code block colours them.
    static func diffLines(_ diff: FieldDiff) -> [String] {
        switch diff {
        case .replaced(let field, let before, let after):
            return ["-   \(field): \(before)", "+   \(field): \(after)"]
        case .added(let field, let after):
            return ["+   \(field): \(after)"]
        case .setBlind(let field, let after):
            return ["+   \(field): \(after) (current value unknown)"]
        case .secret(let field, let source, let currentKnown):
            return ["+   \(field): (set from \(source))" + (currentKnown ? " (changed)" : " (current value unknown)")]
        case .events(let events):
            if let kept = events.narrowedTo {
                return ["-   events: all events", "+   events: only " + kept.joined(separator: ", ")]
            }
            if let listed = events.widenedFrom {
                return ["-   events: " + listed.joined(separator: ", "), "+   events: all events"]
            }
            if case .all = events.after { return ["+   events: all events"] }
            var lines = events.added.map { "+   event \($0)" } + events.removed.map { "-   event \($0)" }
            if events.unchangedCount > 0 { lines.append("    events: \(events.unchangedCount) unchanged") }
            return lines
        }
    }
}

extension String {
    /// Safe inside a Markdown table cell: pipes and backticks escaped, one line.
    var escapedForTableCell: String {
        escapedForMarkdownText.replacingOccurrences(of: "|", with: "\\|")
    }

    /// Safe as Markdown prose: no stray code spans or HTML, one line.
    var escapedForMarkdownText: String {
        escapedForHTML
            .replacingOccurrences(of: "`", with: "\\`")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// `&`, `<` and `>` as HTML entities.
    var escapedForHTML: String {
        replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The longest run of consecutive backticks, so a code fence can be made longer.
    var longestBacktickRun: Int {
        var longest = 0, current = 0
        for character in self {
            current = character == "`" ? current + 1 : 0
            longest = Swift.max(longest, current)
        }
        return longest
    }
}
