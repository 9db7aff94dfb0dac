import RehookModel
import Testing
@testable import RehookOutput

/// Markdown within a comment's size, whatever the plan.
@Suite struct MarkdownBudgetTests {
    static func plan(changes count: Int, warnings: Int) -> Plan {
        let changes = (0..<count).map { index in
            let before = Webhook(vendor: VendorID.allCases[index % VendorID.allCases.count], account: "acct-\(index % 50)",
                                 id: "wh_\(index)", url: "https://old.acme.com/hooks/\(index)", events: .list(["e"]))
            return PlannedChange(before: before, fields: [
                FieldChange(field: .url, before: .string(before.url), after: .string("https://hooks.acme.dev/hooks/\(index)")),
            ])
        }
        var plan = Plan(createdAt: "t", source: nil, changes: changes, unchangedMatches: 0,
                        warnings: (0..<warnings).map { "warning: finding number \($0) about a long URL https://x.dev/\($0)" })
        plan.digest = PlanFile.digest(of: plan)
        return plan
    }

    @Test(arguments: [(2_000, 0), (5_000, 5_000), (300, 0)])
    func staysWithinTheLimit(changes: Int, warnings: Int) throws {
        let plan = Self.plan(changes: changes, warnings: warnings)
        let output = MarkdownPlanRenderer.render(plan)
        #expect(output.utf8.count <= 65_536)
        #expect(output.contains("Digest: `\(try #require(plan.digest))`"))
        #expect(output.contains("Plan: \(changes) webhooks to change"))
        let shown = output.components(separatedBy: "\n~ ").count - 1
        if shown < changes {
            #expect(output.contains("**\(changes - shown) more changes: see the plan file**"), "\(shown) shown")
            #expect(shown > 100, "details fill the room left")
        }
    }

    @Test func aPlanThatFitsIsRenderedWhole() {
        let plan = Self.plan(changes: 20, warnings: 3)
        let output = MarkdownPlanRenderer.render(plan)
        #expect(!output.contains("see the plan file"))
        #expect(output.components(separatedBy: "\n~ ").count - 1 == 20)
        #expect(MarkdownPlanRenderer.render(plan, options: RenderOptions(markdownLimit: 2_000)).utf8.count <= 2_000)
    }

    @Test func summaryHasCountsOnly() {
        let output = MarkdownPlanRenderer.render(Self.plan(changes: 20, warnings: 3), options: RenderOptions(summaryOnly: true))
        #expect(!output.contains("<details>"))
        #expect(output.contains("| argil | 4 | 4 | url |"), "\(output)")
        #expect(output.contains("Review: 0 errors, 3 warnings."))
    }
}
