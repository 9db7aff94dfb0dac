import Foundation
import RehookModel
import RehookSandbox
import Testing

/// A webhook that disappears while an apply runs: after rehook has listed the account (so
/// the run still believes it exists) and before its write. The write gets the vendor's own
/// not-found answer, which must reach the user as that change's failure.
@Suite struct VendorNotFoundTests {
    /// Each vendor's not-found answer as the sandbox words it (docs/sandbox.md).
    static let notFoundWording: [VendorID: String] = [
        .argil: "Webhook not found", .jogg: "10104", .talkover: "not found", .heygen: "400131", .composio: "404",
    ]

    @Test(arguments: VendorID.allCases)
    func webhookDeletedDuringTheRunFailsWithTheVendorsNotFound(_ vendor: VendorID) async throws {
        let fixture = Workspace.fleet([vendor], accounts: 1, webhooks: 3...3, seed: 41)
        // Each request takes 1 s, one change at a time: the last change's write starts at least
        // 1 s after the first change is journalled as applied — the window in which the test
        // deletes it. (300 ms was lost to a loaded CI machine: the apply had finished first.)
        let options = SandboxOptions(latency: .seconds(1))
        try await Workspace.withSandbox(fixture, options: options) { workspace in
            try workspace.write("for vendor * set url \"https://hooks.acme.dev/${vendor}/${id}\"\n", to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let gone = try #require(plan.changes.last).key
            let sandbox = try workspace.requireSandbox()

            let running = try workspace.launchRehook(["apply", "plan.json", "--yes", "--concurrency", "\(gone.account)=1"])
            _ = try await ApplyResilienceTests.waitForAppliedLines(1, in: workspace, while: running)
            var state = await sandbox.state.export()
            for index in state.accounts.indices {
                state.accounts[index].webhooks.removeAll { $0.id == gone.id }
                for agent in state.accounts[index].agents.indices {
                    state.accounts[index].agents[agent].webhooks.removeAll { $0.id == gone.id }
                }
            }
            try await sandbox.state.replace(with: state)
            let result = try await running.result()

            #expect(result.status == 3, "\(result.allOutput)")
            let failure = try #require(result.stdout.split(separator: "\n").first { $0.contains("failed   \(gone)") },
                                       "\(result.stdout)")
            #expect(failure.contains("\(vendor.displayName) account '\(gone.account)'"), "\(failure)")
            #expect(failure.contains(Self.notFoundWording[vendor] ?? "?"), "\(failure)")
            #expect(!failure.contains("no longer exists"), "the run should have reached the vendor: \(failure)")
            let after = await sandbox.state.export()
            #expect(WebhookComparison.planDifferences(plan, state: after) { $0 != gone } == [])
        }
    }
}
