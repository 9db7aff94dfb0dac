import Foundation
import RehookLanguage
import RehookModel
import RehookOutput
import RehookPlanning
import RehookReview

/// Times offline planning inside one process, phase by phase (`scripts/bench/plan`), doing
/// what `rehook plan --inventory FILE --out PLAN` does.
enum PlanBenchmark {
    /// Why a benchmark could not run.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    struct Phases {
        /// Reading and decoding the inventory file.
        var decode: Duration
        /// `Planner.plan` alone: rules, plan-time checks, diff and the plan's construction.
        var evaluate: Duration
        /// The review checks and the plan annotated with their findings.
        var review: Duration
        /// The human diff (rendered, not printed).
        var render: Duration
        /// The plan file's bytes (encoded, not written).
        var encode: Duration
        /// Webhooks the plan changes.
        var changes: Int
    }

    /// Decodes the inventory at `inventoryPath`, checks the script at `scriptPath`, plans,
    /// reviews, renders and encodes, each timed on its own.
    static func run(inventoryPath: String, scriptPath: String) throws(Failure) -> Phases {
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

        let reviewStart = clock.now
        let report = ReviewReport(plan: outcome.plan, policy: ReviewPolicy())
        let plan = report.annotating(outcome.plan)
        let review = clock.now - reviewStart

        let renderStart = clock.now
        var rendered = 0
        HumanPlanRenderer.render(plan) { rendered += $0.utf8.count }
        let render = clock.now - renderStart

        let encodeStart = clock.now
        var encoded = 0
        PlanFile.encode(plan, changeCount: plan.changes.count, change: { plan.changes[$0] }) { encoded += $0.count }
        let encode = clock.now - encodeStart
        guard rendered > 0, encoded > 0 else { throw Failure(description: "nothing rendered or encoded") }
        return Phases(decode: decode, evaluate: evaluate, review: review, render: render, encode: encode,
                      changes: plan.changes.count)
    }
}
