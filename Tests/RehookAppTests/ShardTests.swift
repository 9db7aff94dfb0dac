import Foundation
import RehookModel
import RehookPlanning
import Testing
@testable import RehookApp

@Suite struct ShardTests {
    @Test func parsesOnlyValidShards() throws {
        #expect(try Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        for bad in ["0/3", "4/3", "1/0", "a/3", "1", "1/2/3", "-1/2", ""] {
            #expect(throws: CommandFailure.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }

    @Test func everyAccountFallsInExactlyOneShard() {
        let accounts = (0..<500).map { "customer-\($0)" }
        for count in [1, 2, 3, 7] {
            for vendor in VendorID.allCases {
                for account in accounts {
                    let owners = (1...count).filter { Shard(index: $0, count: count).contains(vendor: vendor, account: account) }
                    #expect(owners.count == 1)
                }
            }
        }
    }

    @Test func shardsAreRoughlyBalanced() {
        let counts = (0..<3000).reduce(into: [Int: Int]()) { tally, n in
            tally[Shard.shard(of: .heygen, account: "acct-\(n)", count: 4), default: 0] += 1
        }
        #expect(counts.keys.sorted() == [1, 2, 3, 4])
        #expect(counts.values.allSatisfy { $0 > 500 }, "\(counts)")
    }

    /// The N shards of a plan against the embedded sandbox's demo fleet, put together, are
    /// exactly the unsharded plan.
    @Test func shardsTogetherPlanExactlyTheUnshardedPlan() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-shard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("move.rehook")
        try """
            for vendor * where url starts with "https://old.acme.com" {
              set url replace(url, "https://old.acme.com", "https://hooks.acme.dev")
            }
            for vendor talkover set timeout 45
            """.write(to: script, atomically: true, encoding: .utf8)

        func plan(_ shard: Shard?) async throws -> Plan {
            var arguments = try PlanArguments.parse(["--sandbox", script.path])
            arguments.fleet.stateDirectory = StateDirectory(url: directory.appendingPathComponent(".rehook"))
            arguments.fleet.shard = shard
            return try await PlanApp.makePlan(arguments).plan
        }

        let whole = try await plan(nil)
        #expect(whole.changes.count > 20)
        let count = 3
        var parts: [PlannedChange] = []
        var unchanged = 0
        for index in 1...count {
            let part = try await plan(Shard(index: index, count: count))
            #expect(part.changes.allSatisfy { Shard(index: index, count: count).contains(vendor: $0.key.vendor, account: $0.key.account) })
            parts += part.changes
            unchanged += part.unchangedMatches
        }
        #expect(parts.sorted { $0.key < $1.key } == whole.changes)
        #expect(unchanged == whole.unchangedMatches)
    }
}
