import Testing
import RehookLanguage
import RehookModel
@testable import RehookPlanning

@Suite("Plan-time checks")
struct PlannerChecksTests {
    typealias F = PlannerFixtures

    /// A script, its inventory, the text its one diagnostic points at, and words of its message.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let script: String
        let webhooks: [Webhook]
        let marker: String
        let message: String
        var testDescription: String { name }
    }

    static let longName = String(repeating: "n", count: 250)

    static let cases: [Case] = [
        Case(name: "computed URL not https", script: """
            let plain = "http://"
            for vendor heygen set url replace(url, "https://", plain)
            """, webhooks: [F.heygen("h_1")], marker: "replace(",
             message: "computed URL 'http://old.acme.com/heygen' is not https; HeyGen requires https (heygen/main/h_1)"),
        Case(name: "computed URL without a host", script: """
            for vendor argil set url replace(url, "https://old.acme.com", "")
            """, webhooks: [F.argil("a_1")], marker: "replace(",
             message: "computed URL '/argil' is not a valid http(s) URL with a host (argil/main/a_1)"),
        Case(name: "integer out of range", script: """
            for vendor talkover where enabled {
              set timeout max_retries
            }
            """, webhooks: [F.talkover("t_1", maxRetries: 2)], marker: "max_retries\n",
             message: "Talkover 'timeout' must be between 5 and 120; the computed value is 2 (talkover/main/t_1)"),
        Case(name: "string too long", script: """
            for vendor talkover set name "${name} (migrated)"
            """, webhooks: [F.talkover("t_1", name: longName)], marker: "\"${name}",
             message: "Talkover 'name' is at most 255 characters; the computed value has 261 (talkover/main/t_1)"),
        Case(name: "fewer events than required", script: """
            for vendor talkover remove events ["call.started"]
            """, webhooks: [F.talkover("t_1", events: ["call.started"])], marker: "[",
             message: "Talkover needs at least 1 event; the computed list has 0 (talkover/main/t_1)"),
        Case(name: "enum value not allowed", script: """
            for vendor composio set version lower(version)
            """, webhooks: [F.composio("c_1")], marker: "lower(",
             message: "Composio 'version' must be one of V1, V2, V3; the computed value is 'v2' (composio/main/c_1)"),
        Case(name: "event not in the live catalogue", script: """
            for vendor jogg add events ["generated_avatar_video_success", "Translate_Video_Success"]
            """, webhooks: [F.jogg("j_1")], marker: "[",
             message: "JoggAI account 'main' has no event 'Translate_Video_Success'; did you mean 'translate_video_success'? (jogg/main/j_1)"),
        Case(name: "computed event outside Argil's closed set", script: """
            for vendor argil add events [upper(host(url))]
            """, webhooks: [F.argil("a_1")], marker: "[",
             message: "Argil has no event 'OLD.ACME.COM' (argil/main/a_1)"),
        Case(name: "runtime error from the evaluator", script: """
            for vendor jogg set url with_host(url, "hooks.acme.dev")
            """, webhooks: [F.jogg("j_1", url: "not a url")], marker: "url, \"hooks",
             message: "'not a url' is not a valid absolute URL (jogg/main/j_1)"),
    ]

    @Test("each plan-time check reports line:col and gives the webhook no change", arguments: cases)
    func planTimeCheck(_ check: Case) {
        let planned = F.plan(check.script, F.inventory(check.webhooks))
        #expect(planned.outcome.hasErrors)
        #expect(planned.changes.isEmpty)
        #expect(planned.plan.unchangedMatches == 0)
        #expect(planned.located == ["\(planned.location(of: check.marker)) \(check.message)"])
    }

    @Test func oneDiagnosticPerLocationCountsEveryWebhookAffected() throws {
        let webhooks = (1...5).map { F.heygen("h_\($0)", url: "http://old.acme.com/\($0)") } + [F.heygen("ok")]
        let planned = F.plan("for vendor heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")",
                             F.inventory(webhooks))
        let diagnostic = try #require(planned.outcome.diagnostics.first)
        #expect(planned.outcome.diagnostics.count == 1)
        #expect(diagnostic.message == "5 webhooks: computed URL 'http://hooks.acme.dev/1' is not https; HeyGen requires https"
            + " (heygen/main/h_1, heygen/main/h_2, heygen/main/h_3, … 2 more)")
        #expect(planned.changes.map(\.key.id) == ["ok"])
    }

    @Test func theSameProblemInTwoRulesIsReportedAtEach() {
        let planned = F.plan("""
            for vendor jogg set url "${url}/a"
            for vendor jogg set url replace(url, "https", "http")
            for vendor jogg set url replace(url, "https", "http")
            """, F.inventory([F.jogg("j_1")]))
        #expect(planned.outcome.diagnostics.map { planned.source.location(of: $0.range.start).line } == [2, 3])
    }

    @Test func eventsAreNotCheckedWhenTheCatalogueIsUnknown() {
        let inventory = F.inventory([F.jogg("j_1")], catalogues: [:])
        let planned = F.plan("for vendor jogg add events [\"anything_goes\"]", inventory)
        #expect(planned.outcome.diagnostics.isEmpty)
        #expect(planned.field(.events, of: "j_1")?.after == .events(.list(["generated_avatar_video_success", "anything_goes"])))
    }

    @Test func removingAnEventTheCatalogueLacksIsOnlyAWarning() {
        let planned = F.plan("for vendor jogg remove events [\"legacy_event\", \"generated_avatar_video_failed\"]",
                             F.inventory([F.jogg("j_1", events: ["generated_avatar_video_success", "generated_avatar_video_failed"])]))
        #expect(!planned.outcome.hasErrors)
        #expect(planned.outcome.diagnostics.map(\.severity) == [.warning])
        #expect(planned.outcome.diagnostics.first?.message.contains("has no event 'legacy_event'; removing it changes nothing") == true)
        #expect(planned.field(.events, of: "j_1")?.after == .events(.list(["generated_avatar_video_success"])))
    }

    @Test func aLetThatFailsToEvaluateIsReportedAndPlansNothing() {
        // The checker reports this too; the planner must still not crash or plan.
        let checked = Frontend.check(SourceFile(path: "t.rehook", text: """
            let target = with_host("https://a.example", "x y")
            for vendor jogg set url target
            """))
        let outcome = Planner.plan(checked.script, source: checked.source, inventory: F.inventory([F.jogg("j_1")]),
                                   options: PlanningOptions(createdAt: "now"))
        #expect(outcome.hasErrors)
        #expect(outcome.plan.changes.isEmpty)
        #expect(outcome.diagnostics.map { checked.source.location(of: $0.range.start).description } == ["1:45"])
    }

    @Test func aConditionThatFailsIsARuntimeErrorAtTheFailingExpression() {
        let planned = F.plan("""
            for vendor jogg where host(url) == "old.acme.com" disable
            """, F.inventory([F.jogg("bad", url: "not a url"), F.jogg("good")]))
        #expect(planned.located == ["\(planned.location(of: "url)")) 'not a url' is not a valid absolute URL (jogg/main/bad)"])
        #expect(planned.changes.map(\.key.id) == ["good"])
    }
}
