import RehookModel
import Testing
@testable import RehookOutput

@Suite("Markdown rendering is safe to paste")
struct RenderMarkdownTests {
    static func plan(account: String, url: String) -> Plan {
        let before = Webhook(vendor: .composio, account: account, id: "sub_1", url: "https://a.dev/x",
                             events: .list(["e"]))
        return Plan(createdAt: "t", source: nil, changes: [
            PlannedChange(before: before, fields: [FieldChange(field: .url, before: .string(before.url), after: .string(url))]),
        ], unchangedMatches: 0, warnings: ["account `ops|eu` <b>odd</b>"])
    }

    @Test func tableCellsEscapePipesAndBackticks() {
        let output = MarkdownPlanRenderer.render(Self.plan(account: "ops|`eu`", url: "https://b.dev/x"))
        #expect(output.contains("| composio | ops\\|\\`eu\\` | 1 | url |"))
        #expect(output.contains("- account \\`ops|eu\\` &lt;b&gt;odd&lt;/b&gt;"))
    }

    @Test func codeFenceOutgrowsBackticksInTheDiff() {
        let output = MarkdownPlanRenderer.render(Self.plan(account: "main", url: "https://b.dev/````x"))
        #expect(output.contains("\n`````diff\n"))
        #expect(output.contains("\n`````\n"))
    }

    @Test(arguments: [("plain", 0), ("a`b", 1), ("a```b``", 3)])
    func longestBacktickRun(text: String, expected: Int) {
        #expect(text.longestBacktickRun == expected)
    }
}
