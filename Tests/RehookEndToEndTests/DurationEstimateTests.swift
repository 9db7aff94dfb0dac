import Foundation
import RehookModel
import RehookSandbox
import Testing

/// The plan says how long its apply takes at the configured rates, and the apply shows the
/// time it achieved next to what the rates allowed: the built binary against the sandbox.
@Suite struct DurationEstimateTests {
    @Test("plan estimates from the rates, names the slowest budget; apply reports time against the bound")
    func planEstimatesAndApplyReports() async throws {
        let fixture = Workspace.fleet(accounts: 1, webhooks: 6...6, seed: 53)
        var rates = Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0, "20/s") })
        rates[.jogg] = "2/s"
        try await Workspace.withSandbox(fixture, rates: rates) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            // JoggAI: one listing + 6 writes at 2/s (burst 1, 0.505 s apart) = 6 × 0.505 s.
            #expect(planned.stdout.contains("Time at the configured rates: ≈ 3 s: JoggAI's 2 requests/s per key is the slowest"),
                    "\(planned.stdout)")
            let plan = try PlanFile.decode(Data(try workspace.read("plan.json").utf8), path: "plan.json")
            let estimate = try #require(plan.estimate)
            #expect(estimate.seconds == 3.0)
            let jogg = try #require(estimate.vendors.first { $0.vendor == .jogg })
            #expect(jogg.requests == 7)
            #expect(jogg.limit == "2 requests/s")
            #expect(estimate.vendors.filter { $0.vendor != .jogg }.allSatisfy { $0.seconds < 1 })

            let markdown = try await workspace.rehook(["plan", "move.rehook", "--format", "markdown"])
            #expect(markdown.stdout.contains("≈ 3 s: JoggAI's 2 requests/s per key is the slowest"), "\(markdown.stdout)")

            let applied = try await workspace.rehook(["apply", "plan.json", "--yes"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            #expect(applied.stdout.contains("the configured rates allow 3.0 s for the"), "\(applied.stdout)")
            #expect(applied.stdout.contains("(the plan estimated ≈ 3 s)"), "\(applied.stdout)")
        }
    }
}
