import Testing
import RehookLanguage
import RehookModel
@testable import RehookPlanning

@Suite("Planner semantics")
struct PlannerSemanticsTests {
    typealias F = PlannerFixtures

    @Test func laterRuleSeesEarlierRulesEffect() {
        let planned = F.plan("""
            for vendor heygen set url replace(url, "https://old.acme.com", "https://mid.acme.com")
            for vendor heygen where url starts with "https://mid.acme.com" set url replace(url, "mid", "new")
            """, F.inventory([F.heygen("ep_1")]))
        #expect(planned.outcome.diagnostics.isEmpty)
        #expect(planned.field(.url, of: "ep_1")?.before == .string("https://old.acme.com/heygen"))
        #expect(planned.field(.url, of: "ep_1")?.after == .string("https://new.acme.com/heygen"))
    }

    @Test func laterActionInOneRuleSeesEarlierAction() {
        let planned = F.plan("""
            for vendor jogg {
              set url "https://hooks.acme.dev/jogg"
              set url "${url}/v2"
            }
            """, F.inventory([F.jogg("wh_1")]))
        #expect(planned.field(.url, of: "wh_1")?.after == .string("https://hooks.acme.dev/jogg/v2"))
    }

    @Test func letsAreEvaluatedOnceAndVisibleToRules() {
        let planned = F.plan("""
            let base = "https://hooks.acme.dev"
            let target = "${base}/composio"
            for vendor composio set url target
            """, F.inventory([F.composio("sub_1")]))
        #expect(planned.field(.url, of: "sub_1")?.after == .string("https://hooks.acme.dev/composio"))
    }

    @Test func settingAFieldAndSettingItBackPlansNoChange() {
        let planned = F.plan("""
            for vendor talkover set timeout 45
            for vendor talkover where timeout == 45 set timeout 30
            """, F.inventory([F.talkover("t_1", timeout: 30)]))
        #expect(planned.changes.isEmpty)
        #expect(planned.plan.unchangedMatches == 1)
    }

    @Test func onlyFieldsWhoseFinalValueDiffersAreChanges() {
        let planned = F.plan("for vendor talkover set timeout 30 max_retries 5",
                             F.inventory([F.talkover("t_1", timeout: 30, maxRetries: 3)]))
        #expect(planned.change("t_1")?.fields == [FieldChange(field: .maxRetries, before: .int(3), after: .int(5))])
    }

    static let idempotentScripts: [(VendorID, String, [Webhook])] = [
        (.argil, """
            for vendor argil where url starts with "https://old.acme.com" {
              set url replace(url, "https://old.acme.com", "https://hooks.acme.dev")
              add events ["VIDEO_GENERATION_FAILED"]
            }
            """, [F.argil("a_1"), F.argil("a_2", url: "https://other.example/x")]),
        (.jogg, """
            for vendor jogg where enabled {
              set url replace(url, "old.acme.com", "hooks.acme.dev")
              remove events ["generated_avatar_video_failed"]
              disable
            }
            """, [F.jogg("j_1", events: ["generated_avatar_video_success", "generated_avatar_video_failed"]),
                  F.jogg("j_2", enabled: false)]),
        (.talkover, """
            for vendor talkover where events has "call.ended" set timeout 45 max_retries 5 name "support calls"
            """, [F.talkover("t_1"), F.talkover("t_2", events: ["call.started"])]),
        (.heygen, """
            for vendor heygen {
              set url with_host(url, "hooks.acme.dev")
              set events ["avatar_video.success"]
            }
            """, [F.heygen("h_1"), F.heygen("h_2", events: .list(["avatar_video.fail"]))]),
        (.composio, """
            for vendor composio where version != "V3" set version "V3" url "https://hooks.acme.dev/composio"
            """, [F.composio("c_1"), F.composio("c_2", version: "V1")]),
    ]

    @Test("re-planning after applying the plan changes nothing", arguments: idempotentScripts)
    func replanningAppliedPlanIsEmpty(vendor: VendorID, script: String, webhooks: [Webhook]) {
        let inventory = F.inventory(webhooks)
        let first = F.plan(script, inventory)
        #expect(first.outcome.diagnostics.isEmpty)
        #expect(!first.changes.isEmpty, "the script must change something at \(vendor)")
        let second = F.plan(script, F.applying(first.plan, to: inventory))
        #expect(second.changes.isEmpty)
        #expect(second.outcome.diagnostics.isEmpty)
    }

    @Test func fieldsTheVendorNeverRevealsAreAlwaysChangesWithUnknownBefore() {
        let planned = F.plan("""
            for vendor talkover set http_method "PUT" auth_scheme "bearer" headers ["X-Team: hooks"]
            """, F.inventory([F.talkover("t_1")]))
        let fields = planned.change("t_1")?.fields ?? []
        #expect(fields.map(\.field) == [.httpMethod, .authScheme, .headers])
        #expect(fields.allSatisfy { !$0.beforeKnown && $0.before == nil })
        #expect(planned.field(.httpMethod, of: "t_1")?.after == .string("PUT"))
        // Nothing unrevealed leaks into the live snapshot the change was planned from.
        #expect(planned.change("t_1")?.before == F.talkover("t_1"))
    }

    @Test func secretsAreReferencesOnlyAndNeverReachTheSnapshot() throws {
        let planned = F.plan("""
            for vendor talkover set secret env("HOOK_SECRET")
            for vendor talkover set secret file("/run/secrets/hook")
            """, F.inventory([F.talkover("t_1")]))
        let secret = try #require(planned.field(.secret, of: "t_1"))
        #expect(secret.after == .secret(.file("/run/secrets/hook")))
        #expect(secret.before == nil && !secret.beforeKnown)
        let change = try #require(planned.change("t_1"))
        #expect(change.before.extras[.secret] == nil)
        #expect(change.after.extras[.secret] == nil)
    }

    @Test func heyGenAllEventsIsDistinctFromAList() {
        let inventory = F.inventory([F.heygen("h_all"), F.heygen("h_list", events: .list(["avatar_video.success"]))])
        let planned = F.plan("for vendor heygen set events all", inventory)
        #expect(planned.change("h_all") == nil)
        #expect(planned.field(.events, of: "h_list")?.after == .events(.all))
        #expect(planned.field(.events, of: "h_list")?.before == .events(.list(["avatar_video.success"])))
        #expect(planned.plan.unchangedMatches == 1)
    }

    @Test func addingToAllEventsKeepsAllEvents() {
        let planned = F.plan("for vendor heygen add events [\"avatar_video.fail\"]", F.inventory([F.heygen("h_1")]))
        #expect(planned.changes.isEmpty)
        #expect(planned.plan.unchangedMatches == 1)
    }

    @Test func removingFromAllEventsIsAPlanTimeError() {
        let planned = F.plan("for vendor heygen remove events [\"avatar_video.fail\"]", F.inventory([F.heygen("h_1")]))
        #expect(planned.outcome.hasErrors)
        #expect(planned.changes.isEmpty)
        #expect(planned.located == [
            "\(planned.location(of: "[")) cannot remove events from a webhook that receives all events; set an explicit list instead (heygen/main/h_1)",
        ])
    }

    @Test func addEventsAppendsMissingOnesInOrder() {
        let planned = F.plan("""
            for vendor talkover add events ["call.analyzed", "call.started", "call.analyzed"]
            """, F.inventory([F.talkover("t_1", events: ["call.started"])]))
        #expect(planned.field(.events, of: "t_1")?.after == .events(.list(["call.started", "call.analyzed"])))
    }

    @Test func removeEventsRemovesOnlyThoseNamed() {
        let planned = F.plan("for vendor talkover remove events [\"call.ended\"]",
                             F.inventory([F.talkover("t_1", events: ["call.started", "call.ended", "call.analyzed"])]))
        #expect(planned.field(.events, of: "t_1")?.after == .events(.list(["call.started", "call.analyzed"])))
    }

    @Test func eventListsCompareAsSetsButKeepTheWrittenOrder() {
        let inventory = F.inventory([F.talkover("t_1", events: ["call.started", "call.ended"])])
        let reordered = F.plan("for vendor talkover set events [\"call.ended\", \"call.started\"]", inventory)
        #expect(reordered.changes.isEmpty)
        let grown = F.plan("for vendor talkover set events [\"call.ended\", \"call.analyzed\", \"call.started\"]", inventory)
        #expect(grown.field(.events, of: "t_1")?.after == .events(.list(["call.ended", "call.analyzed", "call.started"])))
    }

    @Test func enableAndDisableSetEnabled() {
        let inventory = F.inventory([F.jogg("on", enabled: true), F.jogg("off", enabled: false)])
        let disabled = F.plan("for vendor jogg disable", inventory)
        #expect(disabled.changes.map(\.key.id) == ["on"])
        #expect(disabled.field(.enabled, of: "on")?.after == .bool(false))
        let enabled = F.plan("for vendor jogg enable", inventory)
        #expect(enabled.changes.map(\.key.id) == ["off"])
        #expect(enabled.field(.enabled, of: "off") == FieldChange(field: .enabled, before: .bool(false), after: .bool(true)))
        #expect(enabled.plan.unchangedMatches == 1)
    }

    @Test func unchangedMatchesCountOnlyMatchedWebhooksWithoutChanges() {
        let inventory = F.inventory([
            F.jogg("moves"), F.jogg("already", url: "https://hooks.acme.dev/jogg"),
            F.jogg("other", url: "https://elsewhere.example/jogg"),
        ])
        let planned = F.plan("""
            for vendor jogg where host(url) != "elsewhere.example" set url "https://hooks.acme.dev/jogg"
            """, inventory)
        #expect(planned.changes.map(\.key.id) == ["moves"])
        #expect(planned.plan.unchangedMatches == 1)
    }

    @Test func changesAreSortedByVendorAccountAndID() {
        var inventory = F.inventory([F.composio("c_1"), F.heygen("h_2"), F.heygen("h_1"), F.argil("a_1")])
        inventory.accounts.append(AccountInventory(vendor: .heygen, account: "aaa", webhooks: [
            Webhook(vendor: .heygen, account: "aaa", id: "z", url: "https://old.acme.com/x", events: .all),
        ]))
        inventory.accounts.reverse()
        let planned = F.plan("for vendor * set url \"https://hooks.acme.dev/all\"", inventory)
        #expect(planned.changes.map(\.key.description)
            == ["argil/main/a_1", "heygen/aaa/z", "heygen/main/h_1", "heygen/main/h_2", "composio/main/c_1"])
    }

    @Test func vendorsTouchedByAScriptAreThoseOfItsRules() {
        let checked = Frontend.check(SourceFile(path: "t", text: """
            let x = "https://hooks.acme.dev"
            for vendor heygen, jogg set url x
            for vendor heygen set events all
            """))
        #expect(Planner.vendors(touchedBy: checked.script) == [.heygen, .jogg])
        let everything = Frontend.check(SourceFile(path: "t", text: "for vendor * where url contains \"x\" set url \"https://a.b/c\""))
        #expect(Planner.vendors(touchedBy: everything.script) == Set(VendorID.allCases))
        #expect(Planner.vendors(touchedBy: Frontend.check(SourceFile(path: "t", text: "let a = 1")).script).isEmpty)
    }

    @Test func parallelAndSequentialPlansAreIdentical() {
        let webhooks = (0..<5_000).map { index in
            F.heygen("h_\(index)", url: index % 3 == 0 ? "http://old.acme.com/\(index)" : "https://old.acme.com/\(index)")
        }
        let script = "for vendor heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")"
        let parallel = F.plan(script, F.inventory(webhooks), parallel: true)
        let sequential = F.plan(script, F.inventory(webhooks), parallel: false)
        #expect(parallel.plan == sequential.plan)
        #expect(parallel.outcome.diagnostics == sequential.outcome.diagnostics)
        #expect(parallel.changes.count == 5_000 - 1_667)
    }

    /// Changes come out in key order whatever the inventory's order: accounts listed out of
    /// order (and one listed twice), accounts of several work units, ids in no order.
    @Test func changesAreInKeyOrderAcrossAccountsAndWorkUnits() {
        var generator = SystemRandomNumberGenerator()
        func account(_ vendor: VendorID, _ name: String, count: Int, first: Int = 0) -> AccountInventory {
            let webhooks = (first..<first + count).shuffled(using: &generator).map { index in
                Webhook(vendor: vendor, account: name, id: "w\(index)", url: "https://old.acme.com/\(index)",
                        events: .all, enabled: true)
            }
            return AccountInventory(vendor: vendor, account: name, webhooks: webhooks, eventCatalogue: nil)
        }
        let inventory = Inventory(accounts: [
            account(.heygen, "zeta", count: 5_000), account(.argil, "beta", count: 30), account(.heygen, "alpha", count: 2_049),
            account(.argil, "alpha", count: 7), account(.heygen, "zeta", count: 3, first: 5_000),
        ])
        let script = "for vendor * set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")"
        let parallel = F.plan(script, inventory, parallel: true)
        let sequential = F.plan(script, inventory, parallel: false)
        #expect(parallel.changes.count == 5_000 + 30 + 2_049 + 7 + 3)
        #expect(parallel.changes.map(\.key) == parallel.changes.map(\.key).sorted())
        #expect(parallel.plan == sequential.plan)
        #expect(Set(parallel.changes.map(\.key)) == Set(inventory.webhooks.map(\.key)))
    }

    @Test func planRecordsItsSourceAndTime() {
        let planned = F.plan("for vendor jogg disable", F.inventory([F.jogg("j_1")]))
        #expect(planned.plan.source?.path == "test.rehook")
        #expect(planned.plan.source?.digest == StableDigest.hex(of: "for vendor jogg disable"))
        #expect(planned.plan.createdAt == "2025-01-01T00:00:00Z")
    }
}
