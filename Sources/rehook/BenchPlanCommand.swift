import ArgumentParser
import Foundation
import RehookApp
import RehookPlanning

/// `rehook bench-plan` (hidden): times the planner for `scripts/bench/plan`.
struct BenchPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-plan",
        abstract: "Time planning a script against an inventory file (for scripts/bench/plan).",
        shouldDisplay: false)

    @Option(help: "An inventory file (rehook inventory --format json).")
    var inventory: String

    @Option(help: "The script to plan.")
    var script: String

    func run() throws {
        do {
            let result = try PlanBenchmark.run(inventoryPath: inventory, scriptPath: script)
            print("decode_ms=\(Self.milliseconds(result.decode)) evaluate_ms=\(Self.milliseconds(result.evaluate)) changes=\(result.changes)")
        } catch {
            Console.error("rehook bench-plan: \(error.description)")
            throw ExitCode(1)
        }
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = Int(((Double(seconds) * 1_000 + Double(attoseconds) / 1e15) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
