import Foundation
import RehookModel
import RehookSandbox
import Testing

/// `rehook apply` against a sandbox the test starts: round trip and rollback, confirmation,
/// stale webhooks, NDJSON output and secrets.
@Suite struct ApplyCommandTests {
    /// Changes url at all five vendors, events at two, a Talkover timeout, a Composio version
    /// and disables JoggAI endpoints: every kind of write each vendor's adapter makes.
    static let allVendorsScript = """
        for vendor * where host(url) == "old.acme.com" {
          set url with_host(url, "hooks.acme.dev")
        }
        for vendor argil where host(url) == "hooks.acme.dev" set events ["VIDEO_GENERATION_SUCCESS", "AVATAR_TRAINING_FAILED"]
        for vendor heygen where host(url) == "hooks.acme.dev" set events ["avatar_video.success", "video_translate.fail"]
        for vendor talkover where host(url) == "hooks.acme.dev" set timeout 77
        for vendor composio where host(url) == "hooks.acme.dev" set version "V3"
        for vendor jogg where host(url) == "hooks.acme.dev" disable

        """

    /// Two accounts per vendor, 3–6 webhooks each (each account's first is on old.acme.com).
    static let smallFleet = Workspace.fleet(accounts: 2, webhooks: 3...6)

    @Test func applyThenReplanShowsNoChangesAndRollbackRestoresTheOriginal() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(Self.allVendorsScript, to: "all.rehook")
            let original = try await workspace.sandboxState()
            let applied = try await workspace.rehook(["apply", "all.rehook", "--yes"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            let runID = try workspace.onlyRunID()
            let plan = try workspace.plan(at: workspace.runFile(runID, "plan.json"))
            #expect(Set(plan.changes.map(\.key.vendor)) == Set(VendorID.allCases))
            let changedFields = Set(plan.changes.flatMap { $0.fields.map(\.field) })
            #expect(changedFields == [.url, .events, .timeout, .version, .enabled])
            #expect(WebhookComparison.planDifferences(plan, state: try await workspace.sandboxState()) == [])

            let replan = try await workspace.rehook(["plan", "--detailed-exitcode", "all.rehook"])
            #expect(replan.status == 0, "\(replan.allOutput)")
            #expect(replan.stdout.contains("No changes"))

            let rollback = workspace.runFile(runID, "rollback.json").path
            let undone = try await workspace.rehook(["apply", rollback, "--yes"])
            #expect(undone.status == 0, "\(undone.allOutput)")
            #expect(try await workspace.sandboxState().withoutTimestamps == original.withoutTimestamps)
        }
    }

    @Test func withoutYesAndWithoutATerminalItRefusesAndWritesNothing() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(Self.allVendorsScript, to: "all.rehook")
            let original = try await workspace.sandboxState()
            let result = try await workspace.rehook(["apply", "all.rehook"], stdin: "yes\n")
            #expect(result.status == 1)
            #expect(result.stderr.contains("refusing to apply without confirmation"), "\(result.stderr)")
            let stats = try await workspace.requireSandbox().stats()
            for vendor in VendorID.allCases { #expect(stats[vendor].totals.writes == 0, "\(vendor)") }
            #expect(try await workspace.sandboxState() == original)
            #expect(try workspace.runIDs().isEmpty)
        }
    }

    @Test func webhookChangedSincePlanIsSkippedAndNotOverwritten() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(Self.allVendorsScript, to: "all.rehook")
            let planned = try await workspace.rehook(["plan", "all.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let target = try #require(plan.changes.first { $0.key.vendor == .heygen })
            let sandbox = try workspace.requireSandbox()
            let behindOurBack = "https://elsewhere.example.com/changed-by-hand"
            try await sandbox.state.modifyWebhook(vendor: .heygen, account: target.key.account, id: target.key.id,
                                                  SandboxWebhookPatch(url: behindOurBack))

            let result = try await workspace.rehook(["apply", "plan.json", "--yes"])
            #expect(result.status == 4, "\(result.allOutput)")
            #expect(result.stdout.contains("skipped  \(target.key)"), "\(result.stdout)")
            // The run keeps the saved plan file as it was given.
            let runs = workspace.runsDirectory
            let runID = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
            #expect(try Data(contentsOf: runs.appendingPathComponent(runID).appendingPathComponent("plan.json"))
                    == Data(contentsOf: workspace.directory.appendingPathComponent("plan.json")))
            #expect(result.stdout.contains("elsewhere.example.com"))
            let state = try await workspace.sandboxState()
            #expect(state.webhook(target.key)?.url == behindOurBack)
            #expect(WebhookComparison.planDifferences(plan, state: state) { $0 != target.key } == [])
        }
    }

    @Test func jsonOutputIsNDJSONEndingInTheSummary() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(Self.allVendorsScript, to: "all.rehook")
            let result = try await workspace.rehook(["apply", "all.rehook", "--yes", "--json"])
            #expect(result.status == 0, "\(result.allOutput)")
            let lines = result.stdout.split(separator: "\n")
            let objects = try lines.map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            }
            let summary = try #require(objects.last)
            #expect(summary["event"] as? String == "summary")
            let plan = try workspace.plan(at: workspace.runFile(try workspace.onlyRunID(), "plan.json"))
            #expect(summary["applied"] as? Int == plan.changes.count)
            #expect(summary["total"] as? Int == plan.changes.count)
            #expect(summary["exit_code"] as? Int == 0)
            let appliedEvents = objects.dropLast().filter { $0["event"] as? String == "applied" }
            #expect(appliedEvents.count == plan.changes.count)
        }
    }

    @Test func secretFromTheEnvironmentIsStoredAndNeverShown() async throws {
        let fixture = Workspace.fleet([.talkover], accounts: 1, webhooks: 4...4)
        try await Workspace.withSandbox(fixture) { workspace in
            let secret = "whsec-e2e-\(UUID().uuidString)"
            try workspace.write("for vendor talkover set secret env(\"HOOK_SECRET\")\n", to: "secret.rehook")
            let planned = try await workspace.rehook(["plan", "secret.rehook", "--out", "plan.json"],
                                                     environment: ["HOOK_SECRET": secret])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let applied = try await workspace.rehook(["apply", "plan.json", "--yes"], environment: ["HOOK_SECRET": secret])
            #expect(applied.status == 0, "\(applied.allOutput)")

            let state = try await workspace.sandboxState()
            let stored = state.accounts.flatMap(\.allWebhooks)
            #expect(stored.count == 4)
            for webhook in stored { #expect(webhook.secret == secret, "\(webhook.id)") }

            let runID = try workspace.onlyRunID()
            var written = [planned.allOutput, applied.allOutput, try workspace.read("plan.json")]
            for name in ["plan.json", "journal.ndjson", "rollback.json"] {
                written.append(String(decoding: try Data(contentsOf: workspace.runFile(runID, name)), as: UTF8.self))
            }
            for text in written { #expect(!text.contains(secret)) }
        }
    }

    @Test func missingSecretFailsBeforeAnythingIsSent() async throws {
        let fixture = Workspace.fleet([.talkover], accounts: 1, webhooks: 4...4)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write("for vendor talkover set secret env(\"HOOK_SECRET\")\n", to: "secret.rehook")
            let result = try await workspace.rehook(["apply", "secret.rehook", "--yes"])
            #expect(result.status == 1, "\(result.allOutput)")
            #expect(result.stderr.contains("environment variable HOOK_SECRET is not set"), "\(result.stderr)")
            #expect(result.stderr.contains("nothing was applied"))
            #expect(try await workspace.requireSandbox().stats()[.talkover].totals.writes == 0)
            #expect(try workspace.runIDs().isEmpty)
        }
    }

    @Test(arguments: VendorID.allCases)
    func webhookDeletedSincePlanIsSkippedAsGoneNamingItAndTheOthersLand(_ vendor: VendorID) async throws {
        let fixture = Workspace.fleet([vendor], accounts: 1, webhooks: 3...3)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write("for vendor * set url \"https://hooks.acme.dev/${vendor}/${id}\"\n", to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let gone = try #require(plan.changes.first).key
            var state = try await workspace.sandboxState()
            for index in state.accounts.indices {
                state.accounts[index].webhooks.removeAll { $0.id == gone.id }
                for agent in state.accounts[index].agents.indices {
                    state.accounts[index].agents[agent].webhooks.removeAll { $0.id == gone.id }
                }
            }
            try await workspace.requireSandbox().state.replace(with: state)

            let result = try await workspace.rehook(["apply", "plan.json", "--yes"])
            #expect(result.status == 4, "gone is stale, not failed: \(result.allOutput)")
            let skipped = try #require(result.stdout.split(separator: "\n").first { $0.contains("skipped  \(gone)") })
            #expect(skipped.contains("deleted since the plan: \(vendor.displayName) account '\(gone.account)'"), "\(skipped)")
            #expect(skipped.contains("no webhook \(gone.id)"), "\(skipped)")
            #expect(result.stdout.contains("1 stale changes skipped"), "\(result.stdout)")
            let after = try await workspace.sandboxState()
            #expect(after.webhook(gone) == nil)
            #expect(WebhookComparison.planDifferences(plan, state: after) { $0 != gone } == [])
        }
    }
}
