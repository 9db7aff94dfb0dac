import RehookModel
import Testing
@testable import RehookOutput

@Suite("Human plan rendering")
struct RenderHumanTests {
    static func webhook(_ vendor: VendorID, _ id: String) -> Webhook {
        Webhook(vendor: vendor, account: "acct", id: id, url: "https://a.example/\(id)", events: .list(["e"]))
    }

    static func plan(_ counts: [VendorID: Int], unchanged: Int = 0) -> Plan {
        let changes = counts.flatMap { vendor, count in
            (0..<count).map { index in
                PlannedChange(before: webhook(vendor, "w\(index)"), fields: [
                    FieldChange(field: .url, before: .string("https://a.example/w\(index)"),
                                after: .string("https://b.example/w\(index)")),
                ])
            }
        }
        return Plan(createdAt: "t", source: nil, changes: changes, unchangedMatches: unchanged)
    }

    @Test(arguments: [
        ([VendorID.heygen: 20, .jogg: 12, .argil: 10], 7,
         "Plan: 42 webhooks to change in 3 vendors (heygen 20, jogg 12, argil 10); 7 matched unchanged."),
        ([.composio: 1], 1, "Plan: 1 webhook to change in 1 vendor (composio 1); 1 matched unchanged."),
        ([.talkover: 2, .argil: 2, .jogg: 3], 0,
         "Plan: 7 webhooks to change in 3 vendors (jogg 3, argil 2, talkover 2); 0 matched unchanged."),
        ([:], 7, "No changes. 7 webhooks matched, all already in the desired state."),
        ([:], 1, "No changes. 1 webhook matched, already in the desired state."),
        ([:], 0, "No changes. No webhooks matched."),
    ] as [([VendorID: Int], Int, String)])
    func summarySentence(counts: [VendorID: Int], unchanged: Int, expected: String) {
        let output = HumanPlanRenderer.render(Self.plan(counts, unchanged: unchanged))
        #expect(output.hasSuffix(expected + "\n"))
    }

    @Test func longSharedPrefixGoesOnAlignedLines() throws {
        let before = "https://hooks.acme.dev/a/very/long/shared/path/segment/v1"
        let after = "https://hooks.acme.dev/a/very/long/shared/path/segment/v2"
        let lines = HumanPlanRenderer.fieldLines(.replaced(.url, before: "\"\(before)\"", after: "\"\(after)\""),
                                                 style: TerminalStyle(mode: .never), width: 200)
        #expect(lines == ["~ url:", "    - \"\(before)\"", "    + \"\(after)\""])
    }

    @Test func shortValuesStayOnOneLine() {
        let lines = HumanPlanRenderer.fieldLines(.replaced(.timeout, before: "30", after: "45"),
                                                 style: TerminalStyle(mode: .never), width: 100)
        #expect(lines == ["~ timeout: 30 → 45"])
    }

    @Test(arguments: [40, 60, 80])
    func tooWideLinesSplitWithoutTruncating(width: Int) {
        let before = "\"https://old.acme.com/x\"", after = "\"https://new.acme.dev/some/longer/path/y\""
        let lines = HumanPlanRenderer.fieldLines(.replaced(.url, before: before, after: after),
                                                 style: TerminalStyle(mode: .never), width: width)
        let fitsOnOneLine = 4 + "~ url: ".count + before.count + 3 + after.count <= width
        #expect(lines.count == (fitsOnOneLine ? 1 : 3))
        #expect(lines.joined().contains(before) && lines.joined().contains(after))
    }

    @Test func unknownBeforeIsNeverShownAsUnchanged() {
        let diff = FieldDiff(FieldChange(field: .httpMethod, before: nil, beforeKnown: false, after: .string("PUT")))
        let lines = HumanPlanRenderer.fieldLines(diff, style: TerminalStyle(mode: .never), width: 100)
        #expect(lines == ["~ http_method: set (current value unknown) → \"PUT\""])
    }

    @Test(arguments: [SecretReference.environment("HOOK_SECRET"), .file("/run/secrets/hook")])
    func secretsShowOnlyTheirSource(reference: SecretReference) {
        let change = FieldChange(field: .secret, before: nil, beforeKnown: false, after: .secret(reference))
        let lines = HumanPlanRenderer.fieldLines(FieldDiff(change), style: TerminalStyle(mode: .never), width: 100)
        #expect(lines == ["~ secret: (set from \(reference)); current value unknown"])
    }

    @Test func eventsFromUnknownListShowAdditions() {
        let diff = FieldDiff(FieldChange(field: .events, before: nil, beforeKnown: false,
                                         after: .events(.list(["b", "a"]))))
        let lines = HumanPlanRenderer.fieldLines(diff, style: TerminalStyle(mode: .never), width: 100)
        #expect(lines == ["~ events: set (current value unknown)", "    + a", "    + b"])
    }

    @Test func warningsComeBeforeTheSummary() throws {
        var plan = Self.plan([.argil: 1])
        plan.warnings = ["error: plan: too big", "warning: argil/acct/w0 url: moves to plain http", "loose text"]
        let output = HumanPlanRenderer.render(plan)
        let warnings = try #require(output.range(of: "3 warnings:\n  error: plan: too big\n"
            + "  warning: argil/acct/w0 url: moves to plain http\n  warning: loose text\n"))
        let summary = try #require(output.range(of: "Plan: 1 webhook"))
        #expect(warnings.upperBound < summary.lowerBound)
    }
}
