import Foundation
import RehookModel

/// A plan as a pull-request comment: the summary sentence, a table per vendor account, the
/// warnings, and one collapsible `diff` block per vendor.
public enum MarkdownPlanRenderer {
    /// Renders `plan` as GitHub-flavoured Markdown. Colour options are ignored.
    public static func render(_ plan: Plan, options: RenderOptions = RenderOptions()) -> String {
        var lines = ["### rehook plan", "", PlanSummary.sentence(for: plan).escapedForMarkdownText]
        if let estimate = PlanSummary.estimateSentence(for: plan) { lines += ["", estimate.escapedForMarkdownText] }
        let groups = PlanSummary.groups(of: plan)
        if !groups.isEmpty {
            lines += ["", "| vendor | account | webhooks changed | fields |", "| --- | --- | ---: | --- |"]
            lines += groups.map { group in
                let fields = group.changedFields.map(\.rawValue).joined(separator: ", ")
                return "| \(group.vendor.rawValue) | \(group.account.escapedForTableCell) "
                    + "| \(group.changes.count) | \(fields.escapedForTableCell) |"
            }
        }
        if !plan.warnings.isEmpty {
            lines += ["", "**\(Plural.count(plan.warnings.count, "warning"))**", ""]
            lines += plan.warnings.map { "- " + $0.escapedForMarkdownText }
        }
        for vendor in VendorID.allCases {
            let vendorGroups = groups.filter { $0.vendor == vendor }
            guard !vendorGroups.isEmpty else { continue }
            lines += ["", vendorSection(vendor, groups: vendorGroups)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func vendorSection(_ vendor: VendorID, groups: [ChangeGroup]) -> String {
        let webhookCount = groups.reduce(0) { $0 + $1.changes.count }
        let summary = "\(vendor.displayName) (\(vendor.rawValue)): \(Plural.count(webhookCount, "webhook")) in "
            + Plural.count(groups.count, "account")
        let blocks = groups.flatMap(\.changes).map { change in
            (["~ " + PlanSummary.webhookTitle(change)] + change.fields.flatMap { diffLines(FieldDiff($0)) })
                .joined(separator: "\n")
        }
        let body = blocks.joined(separator: "\n\n")
        let fence = String(repeating: "`", count: max(3, body.longestBacktickRun + 1))
        return ["<details><summary>\(summary.escapedForHTML)</summary>", "", fence + "diff", body, fence, "",
                "</details>"].joined(separator: "\n")
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
