import Foundation
import RehookModel
import RehookSandbox
import Testing

/// `rehook apply` when vendors misbehave or rehook itself dies: faults, rate limits, kill -9.
@Suite struct ApplyResilienceTests {
    /// Moves every webhook to a per-vendor URL on the new host: one url change per webhook.
    static let moveEverything = """
        for vendor * set url "https://hooks.acme.dev/${vendor}/${id}"

        """

    @Test func injectedFaultsEndEveryChangeAppliedOrReported() async throws {
        let fixture = Workspace.fleet(accounts: 2, webhooks: 10...10, seed: 21)
        // Plan against a calm sandbox (so the plan is fixed before any fault), apply against a faulty one.
        let inventory = try await Workspace.withSandbox(fixture) { calm in
            let result = try await calm.rehook(["inventory", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        let options = SandboxOptions(faults: SandboxFaults(failRate: 0.2, dropRate: 0.05), randomSeed: 99)
        try await Workspace.withSandbox(fixture, options: options) { workspace in
            try workspace.write(inventory, to: "inventory.json")
            try workspace.write(Self.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--inventory", "inventory.json", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            #expect(plan.changes.count == 100)

            let result = try await workspace.rehook(["apply", "plan.json", "--yes", "--json"])
            #expect([0, 1, 3].contains(result.status), "\(result.allOutput)")
            let runID = try workspace.onlyRunID()
            var last: [String: JournalLine] = [:]
            for line in try workspace.journal(runID) { last["\(line.key.vendor)/\(line.key.account)/\(line.key.id)"] = line }
            #expect(Set(last.keys) == Set(plan.changes.map(\.key.description)))
            let applied = Set(last.filter { $0.value.event == "applied" }.keys)
            let failed = Set(last.filter { $0.value.event == "failed" && $0.value.final == true }.keys)
            #expect(applied.count + failed.count == plan.changes.count, "a change ended without an outcome")
            #expect(applied.count > 0)

            let state = try await workspace.sandboxState()
            #expect(WebhookComparison.planDifferences(plan, state: state) { applied.contains($0.description) } == [])
            for change in plan.changes where failed.contains(change.key.description) {
                #expect(state.webhook(change.key)?.url == change.before.url, "\(change.key) failed but changed")
            }
            let summary = try #require(try JSONSerialization.jsonObject(
                with: Data((result.stdout.split(separator: "\n").last ?? "").utf8)) as? [String: Any])
            #expect(summary["total"] as? Int == plan.changes.count)
            #expect(summary["applied"] as? Int == applied.count)
            #expect(summary["failed"] as? Int == failed.count)
            #expect((summary["retries"] as? Int ?? 0) > 0, "faults at 25% should have caused retries")
            let stats = try await workspace.requireSandbox().stats()
            #expect(VendorID.allCases.map { stats[$0].totals.serverErrors + stats[$0].totals.dropped }.reduce(0, +) > 0)
        }
    }

    /// One Argil account whose webhooks are all moved (Argil lists in one request).
    static func argilAccount(webhooks: Int) -> SandboxFixture {
        Workspace.fleet([.argil], accounts: 1, webhooks: webhooks...webhooks, seed: 31)
    }

    @Test func retryAfterFrom429sIsHonouredAndEveryChangeLands() async throws {
        let options = SandboxOptions(rateLimits: [.argil: 5])
        try await Workspace.withSandbox(Self.argilAccount(webhooks: 20), options: options, rates: [.argil: "20/s"]) { workspace in
            try workspace.write(Self.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let result = try await workspace.rehook(["apply", "plan.json", "--yes"])
            #expect(result.status == 0, "\(result.allOutput)")
            #expect(result.stdout.contains("all 20 changes applied"), "\(result.stdout)")
            // vendor  applied  failed  skipped  retries  429s  time
            let total = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("total ") })
            let cells = total.split(separator: " ")
            #expect(cells.count == 7, "\(total)")
            #expect(cells.dropFirst().first == "20", "\(total)")
            #expect((Int(cells.dropFirst(5).first ?? "") ?? 0) > 0, "no 429s in the summary: \(total)")
            let sandbox = try workspace.requireSandbox()
            let account = try #require(sandbox.accounts.first)
            let counters = await sandbox.stats().counters(.argil, account.name)
            #expect(counters.rateLimited > 0)
            #expect(counters.writes >= 20)
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            #expect(WebhookComparison.planDifferences(plan, state: try await workspace.sandboxState()) == [])
        }
    }

    @Test func killedMidRunThenResumedEndsInThePlannedState() async throws {
        let options = SandboxOptions(latency: .milliseconds(50))
        try await Workspace.withSandbox(Self.argilAccount(webhooks: 60), options: options) { workspace in
            try workspace.write(Self.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let account = try #require(workspace.sandbox?.accounts.first)

            let running = try workspace.launchRehook(["apply", "plan.json", "--yes", "--concurrency", "\(account.name)=1"])
            let runID = try await Self.waitForAppliedLines(10, in: workspace, while: running)
            kill(running.process.processIdentifier, SIGKILL)
            let killed = try await running.result()
            #expect(killed.status != 0, "the run finished before it could be killed")
            let appliedBeforeKill = try workspace.journal(runID).filter { $0.event == "applied" }.count
            #expect(appliedBeforeKill < plan.changes.count)

            let resumed = try await workspace.rehook(["apply", "--resume", runID])
            #expect(resumed.status == 0, "\(resumed.allOutput)")
            #expect(WebhookComparison.planDifferences(plan, state: try await workspace.sandboxState()) == [])
            let runs = try await workspace.rehook(["runs"])
            let row = try #require(runs.stdout.split(separator: "\n").first { $0.hasPrefix(runID) })
            #expect(row.hasSuffix("complete") && !row.hasSuffix("incomplete"), "\(row)")
        }
    }

    /// Polls the only run's journal until it has `count` applied lines; fails if the process ends first.
    static func waitForAppliedLines(_ count: Int, in workspace: Workspace, while running: RehookBinary.Launched)
        async throws -> String {
        while running.process.isRunning {
            if let runID = try workspace.runIDs().first,
               let lines = try? workspace.journal(runID), lines.filter({ $0.event == "applied" }).count >= count {
                return runID
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw WorkspaceError("rehook apply ended before \(count) changes were applied")
    }
}
