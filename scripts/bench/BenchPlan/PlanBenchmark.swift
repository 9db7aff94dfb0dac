import Foundation
import RehookLanguage
import RehookModel
import RehookPlanning

/// Times the planner on an inventory file and a script, phase by phase (`scripts/bench/plan`).
enum PlanBenchmark {
    /// Why a benchmark could not run.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Decodes the inventory at `inventoryPath`, checks the script at `scriptPath`, then plans.
    /// `decode` times reading and decoding the inventory; `evaluate` times `Planner.plan`
    /// alone (rules, checks, diff and the plan's construction); `changes` is the number of
    /// webhooks the plan changes.
    static func run(inventoryPath: String, scriptPath: String) throws(Failure)
        -> (decode: Duration, evaluate: Duration, changes: Int) {
        let clock = ContinuousClock()
        let decodeStart = clock.now
        let inventory: Inventory
        do {
            inventory = try InventoryFile.read(path: inventoryPath)
        } catch {
            throw Failure(description: error.description)
        }
        let decode = clock.now - decodeStart

        guard let bytes = FileManager.default.contents(atPath: scriptPath) else {
            throw Failure(description: "\(scriptPath): cannot read the script")
        }
        let checked = Frontend.check(SourceFile(path: scriptPath, bytes: bytes))
        if let error = checked.diagnostics.first(where: { $0.severity == .error }) {
            let location = checked.source.location(of: error.range.start)
            throw Failure(description: "\(scriptPath):\(location): \(error.message)")
        }

        let evaluateStart = clock.now
        let outcome = Planner.plan(checked.script, source: checked.source, inventory: inventory,
                                   options: PlanningOptions(createdAt: "benchmark"))
        let evaluate = clock.now - evaluateStart
        if let error = outcome.diagnostics.first(where: { $0.severity == .error }) {
            let location = checked.source.location(of: error.range.start)
            throw Failure(description: "\(scriptPath):\(location): plan-time error: \(error.message)")
        }
        return (decode, evaluate, outcome.plan.changes.count)
    }
}
