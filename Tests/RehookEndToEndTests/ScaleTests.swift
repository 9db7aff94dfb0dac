import Foundation
import RehookModel
import RehookSandbox
import Testing

/// 1,000 accounts in one plan and one apply, over loopback HTTP, every account limited by the
/// sandbox and paced by rehook at the same rate; and the same fleet planned as four shards.
/// (Timings at scale are measured by `scripts/bench/scale`, not asserted here.)
@Suite struct ScaleTests {
    static let accountsPerVendor = 200
    static let move = """
        for vendor * set url "https://hooks.scale.dev/${vendor}/${account}/${id}"

        """

    @Test func thousandAccountsPlanApplyAndShardInOneRun() async throws {
        let fixture = Workspace.fleet(accounts: Self.accountsPerVendor, webhooks: 1...1, seed: 41)
        #expect(fixture.accounts.count == 1_000)
        let limits = Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0, 20.0) })
        try await Workspace.withSandbox(fixture, options: SandboxOptions(rateLimits: limits), rate: "20/s") { workspace in
            try workspace.write(Self.move, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json", "--color", "never"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let planAccounts = Set(plan.changes.map { "\($0.key.vendor)/\($0.key.account)" })
            #expect(planAccounts.count == 1_000, "every account is read and planned")
            #expect(plan.changes.count == fixture.accounts.reduce(0) { $0 + $1.allWebhooks.count })

            var shardKeys: [WebhookKey] = []
            for shard in 1...4 {
                let result = try await workspace.rehook(["plan", "move.rehook", "--shard", "\(shard)/4",
                                                         "--out", "shard-\(shard).json"])
                #expect(result.status == 0, "\(result.allOutput)")
                let part = try workspace.plan(at: workspace.directory.appendingPathComponent("shard-\(shard).json"))
                #expect(!part.changes.isEmpty, "shard \(shard) of 1,000 accounts is empty")
                shardKeys += part.changes.map(\.key)
            }
            #expect(shardKeys.count == plan.changes.count, "the shards overlap or miss changes")
            #expect(Set(shardKeys) == Set(plan.changes.map(\.key)))

            let applied = try await workspace.rehook(["apply", "plan.json", "--yes"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            #expect(applied.stdout.contains("all \(plan.changes.count) changes applied"), "\(applied.stdout)")
            for vendor in VendorID.allCases {
                #expect(applied.stdout.contains(vendor.rawValue), "the summary table has a row per vendor")
            }
            let stats = try await workspace.requireSandbox().stats()
            let writes = VendorID.allCases.map { stats[$0].totals.writes }.reduce(0, +)
            let rateLimited = VendorID.allCases.map { stats[$0].totals.rateLimited }.reduce(0, +)
            #expect(writes == plan.changes.count, "one vendor write per change")
            #expect(rateLimited == 0, "rehook's own pacing provoked a 429")
            let replanned = try await workspace.rehook(["plan", "move.rehook", "--detailed-exitcode"])
            #expect(replanned.status == 0, "\(replanned.allOutput)")
        }
    }
}
