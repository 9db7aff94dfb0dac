import Foundation
import RehookModel
import RehookSandbox
import Testing

/// `rehook plan` against the embedded sandbox (`--sandbox`), each test in its own folder.
@Suite struct PlanCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let domainMove = repository.appendingPathComponent("examples/domain-move.rehook").path

    @Test func domainMoveShowsADiffAtAllFiveVendors() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let result = try await workspace.rehook(["plan", "--sandbox", Self.domainMove])
            #expect(result.status == 0, "\(result.stderr)")
            for vendor in VendorID.allCases {
                #expect(result.stdout.contains("https://old.acme.com/webhooks/\(vendor)/"), "\(vendor) missing")
                #expect(result.stdout.contains("https://hooks.acme.dev/webhooks/\(vendor)/"), "\(vendor) missing")
            }
            let detailed = try await workspace.rehook(["plan", "--sandbox", "--detailed-exitcode", Self.domainMove])
            #expect(detailed.status == 2)
        }
    }

    @Test func jsonPlanDecodesAndHoldsNoSandboxKey() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let result = try await workspace.rehook(["plan", "--sandbox", "--format", "json", Self.domainMove])
            #expect(result.status == 0, "\(result.stderr)")
            let plan = try JSONDecoder().decode(Plan.self, from: Data(result.stdout.utf8))
            #expect(Set(plan.changes.map(\.key.vendor)) == Set(VendorID.allCases))
            for change in plan.changes {
                #expect(change.after.url.hasPrefix("https://hooks.acme.dev/"), "\(change.key): \(change.after.url)")
            }
            #expect(!result.allOutput.contains("sbx-"))
        }
    }

    @Test func markdownPlanHasTableAndDetails() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let result = try await workspace.rehook(["plan", "--sandbox", "--format", "markdown", Self.domainMove])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("|---") || result.stdout.contains("| ---"), "no markdown table")
            #expect(result.stdout.contains("<details>"))
            #expect(result.stdout.contains("</details>"))
        }
    }

    @Test func savedPlanIsAppliedExactly() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let planned = try await workspace.rehook(["plan", "--sandbox", "--out", "plan.json", Self.domainMove])
            #expect(planned.status == 0, "\(planned.stderr)")
            let saved = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let applied = try await workspace.rehook(["apply", "--sandbox", "plan.json", "--yes"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            let runID = try workspace.onlyRunID()
            #expect(try workspace.plan(at: workspace.runFile(runID, "plan.json")) == saved)
            let outcomes = try workspace.journal(runID).filter { $0.event == "applied" }.map(\.key)
            #expect(Set(outcomes.map { "\($0.vendor)/\($0.account)/\($0.id)" }) == Set(saved.changes.map(\.key.description)))
            let state = try SandboxFixture.load(from: workspace.stateDirectory.appendingPathComponent("sandbox.json"))
            #expect(WebhookComparison.planDifferences(saved, state: state) == [])
            let again = try await workspace.rehook(["plan", "--sandbox", "--detailed-exitcode", Self.domainMove])
            #expect(again.status == 0, "\(again.allOutput)")
            #expect(again.stdout.contains("No changes"))
        }
    }

    @Test func planFromSavedInventoryEqualsLivePlan() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let inventory = try await workspace.rehook(["inventory", "--sandbox", "--format", "json"])
            #expect(inventory.status == 0, "\(inventory.stderr)")
            try workspace.write(inventory.stdout, to: "inventory.json")
            let offline = try await workspace.rehook(["plan", "--inventory", "inventory.json", "--format", "json", Self.domainMove])
            let live = try await workspace.rehook(["plan", "--sandbox", "--format", "json", Self.domainMove])
            #expect(offline.status == 0, "\(offline.stderr)")
            #expect(live.status == 0, "\(live.stderr)")
            let offlinePlan = try JSONDecoder().decode(Plan.self, from: Data(offline.stdout.utf8))
            let livePlan = try JSONDecoder().decode(Plan.self, from: Data(live.stdout.utf8))
            #expect(!livePlan.changes.isEmpty)
            #expect(offlinePlan.changes == livePlan.changes)
            #expect(offlinePlan.unchangedMatches == livePlan.unchangedMatches)
        }
    }

    @Test("an account's event catalogue is asked for while its listing is still unanswered")
    func catalogueGoesAlongsideTheListing() async throws {
        // Every answer 8 s late: a catalogue asked for after the listing's answer arrives at least
        // 8 s after the listing; one asked for alongside it at once. The 6 s threshold leaves 3×
        // the longest hold-up seen on a loaded CI machine (a concurrent catalogue 2 s late).
        let fixture = Workspace.fleet([.jogg, .heygen, .composio], accounts: 1, webhooks: 3...3, seed: 61)
        try await Workspace.withSandbox(fixture, options: SandboxOptions(latency: .seconds(8))) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let requests = try await workspace.requireSandbox().requests()
            let catalogues = ["jogg": "/jogg/v2/events", "heygen": "/heygen/v1/webhook/webhook.list",
                              "composio": "/composio/api/v3/webhook_subscriptions/event_types"]
            for (vendor, path) in catalogues {
                let listing = try #require(requests.first { $0.vendor == vendor && $0.path != path }, "\(vendor)")
                let catalogue = try #require(requests.first { $0.vendor == vendor && $0.path == path }, "\(vendor)")
                #expect(catalogue.time < listing.time + 6, "\(vendor): catalogue \(catalogue.time), listing \(listing.time)")
            }
        }
    }

    @Test("Talkover's catalogue comes with its listing; the estimate counts the listing's requests alone")
    func catalogueFollowsTalkoverListingAndEstimatesCountListings() async throws {
        let fixture = Workspace.fleet([.jogg, .talkover], accounts: 1, webhooks: 3...3, seed: 61)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let talkover = try await workspace.requireSandbox().requests().filter { $0.vendor == "talkover" }
            #expect(talkover.filter { $0.path.hasSuffix("/agents") || $0.path.contains("/agents?") }.count == 1,
                    "agents listed once: \(talkover.map(\.path))")
            #expect(Set(talkover.map(\.path)).count == talkover.count, "no agent's webhooks read twice")
            // JoggAI's listing (one request) and 3 writes; its catalogue request is not counted.
            let plan = try PlanFile.decode(Data(try workspace.read("plan.json").utf8), path: "plan.json")
            #expect(try #require(plan.estimate).vendors.first { $0.vendor == .jogg }?.requests == 4)
        }
    }

    @Test func scriptErrorsExit65WithACaret() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            try workspace.write("for vendor heygen {\n  set timeout 45\n}\n", to: "broken.rehook")
            let result = try await workspace.rehook(["plan", "--sandbox", "broken.rehook"])
            #expect(result.status == 65)
            #expect(result.stderr.contains("broken.rehook:2:"), "\(result.stderr)")
            #expect(result.stderr.contains("^"))
            #expect(result.stdout.isEmpty)
        }
    }
}
