import Foundation
import RehookLanguage
import RehookModel
import RehookPlanning

/// The `rehook plan` options, as typed on the command line.
public struct PlanCommandInput: Sendable {
    public var scriptPath: String
    public var fleet = FleetOptions()
    /// `--inventory FILE`: plan against a saved inventory, with no network.
    public var inventoryPath: String?
    public var format: PlanOutputFormat = .human
    /// `--out FILE`: also save the plan as JSON for `apply`.
    public var outPath: String?
    public var detailedExitCode = false
    public var strict = false
    public var maxChanges: Int?
    public var color: ColorMode.Preference = .auto

    public init(scriptPath: String) { self.scriptPath = scriptPath }
}

/// A checked script turned into a reviewed plan, or the reason it could not be.
public struct ReviewedPlan: Sendable {
    public var plan: Plan
    public var review: ReviewReport
    public var script: CheckedScript
    /// The live webhooks the plan was made from.
    public var inventory: Inventory
}

/// `rehook plan`: check the script, read the live inventory (or a saved one), evaluate the
/// rules into a plan, review it, print it. Never writes to any vendor.
public enum PlanApp {
    public static func run(_ input: PlanCommandInput) async -> Int32 {
        do {
            let reviewed = try await makePlan(input)
            let colors = ColorMode.forStandardOutput(preference: input.color, environment: input.fleet.environment)
            Console.out(input.format.render(reviewed.plan, options: RenderOptions(colorMode: colors)))
            if let outPath = input.outPath {
                do {
                    try PlanFile.encode(reviewed.plan).write(to: URL(fileURLWithPath: outPath), options: .atomic)
                } catch {
                    throw CommandFailure("cannot write the plan to \(outPath): \(error.localizedDescription)")
                }
                Console.error("Saved the plan to \(outPath); apply it with: rehook apply \(outPath)")
            }
            if reviewed.review.hasErrors { return ExitCodes.failure }
            return input.detailedExitCode && !reviewed.plan.changes.isEmpty ? ExitCodes.planHasChanges : ExitCodes.success
        } catch let failure as CommandFailure {
            Console.error(failure.message.hasPrefix("\n") ? failure.message : "error: \(failure.message)")
            return failure.exitCode
        } catch {
            Console.error("error: \(error)")
            return ExitCodes.failure
        }
    }

    /// Checks, reads, evaluates and reviews; diagnostics go to stderr as they arise.
    /// Throws `CommandFailure` with exit code 65 for script errors (static or plan-time).
    public static func makePlan(_ input: PlanCommandInput) async throws -> ReviewedPlan {
        let (reviewed, fleet) = try await makePlan(input, keepingFleetOpen: false)
        try await fleet?.close()
        return reviewed
    }

    /// `makePlan`, handing back the fleet the inventory was read through still open when
    /// `keepingFleetOpen` (so an apply paces its writes on the same account pipelines and
    /// lists no account twice). The caller closes it.
    static func makePlan(_ input: PlanCommandInput, keepingFleetOpen: Bool) async throws -> (ReviewedPlan, Fleet?) {
        let checked = try checkScript(at: input.scriptPath, environment: input.fleet.environment)
        let touched = Planner.vendors(touchedBy: checked.script)
        var allowHosts: [String] = []
        let inventory: Inventory
        var openFleet: Fleet?
        if let inventoryPath = input.inventoryPath {
            var saved = try readInventory(at: inventoryPath)
            if let shard = input.fleet.shard {
                saved.accounts = saved.accounts.filter { shard.contains(vendor: $0.vendor, account: $0.account) }
            }
            inventory = saved
        } else {
            var options = input.fleet
            options.vendors = options.vendors.map { $0.intersection(touched) } ?? touched
            if options.vendors?.isEmpty == true {
                inventory = Inventory(accounts: [])
            } else {
                let fleet = try await Fleet.open(options)
                allowHosts = fleet.allowHosts
                do {
                    let vendors = options.vendors
                    inventory = try await Interruption.cancellingOnSignal {
                        try await InventoryReader.read(fleet, vendors: vendors)
                    }
                } catch {
                    try? await fleet.close()
                    throw error
                }
                if keepingFleetOpen { openFleet = fleet } else { try await fleet.close() }
            }
        }
        do {
            return (try review(checked, inventory: inventory, allowHosts: allowHosts, input: input), openFleet)
        } catch {
            try? await openFleet?.close()
            throw error
        }
    }

    private static func review(_ checked: CheckedScript, inventory: Inventory, allowHosts: [String],
                               input: PlanCommandInput) throws -> ReviewedPlan {
        let outcome = Planner.plan(checked.script, source: checked.source, inventory: inventory,
                                   options: PlanningOptions(createdAt: Self.timestamp(), sourcePath: input.scriptPath))
        report(outcome.diagnostics, in: checked.source, environment: input.fleet.environment)
        if outcome.hasErrors {
            throw CommandFailure("the plan has errors; nothing was planned", exitCode: ExitCodes.scriptErrors)
        }
        let policy = try ReviewPolicy(allowedHosts: allowHosts.isEmpty ? nil : allowHosts.map(AllowedHostPattern.init),
                                      maxChanges: input.maxChanges, strict: input.strict)
        let review = ReviewReport(plan: outcome.plan, policy: policy)
        return ReviewedPlan(plan: review.annotating(outcome.plan), review: review, script: checked, inventory: inventory)
    }

    /// Reads and checks a script; prints its diagnostics; fails with 65 when it has errors.
    static func checkScript(at path: String, environment: [String: String]) throws -> CheckedScript {
        let source: SourceFile
        switch CheckScripts.read(path) {
        case .success(let file): source = file
        case .failure(let problem): throw CommandFailure(problem.message)
        }
        let checked = Frontend.check(source)
        report(checked.diagnostics, in: source, environment: environment)
        if checked.hasErrors {
            throw CommandFailure("\(path) has errors; nothing was planned", exitCode: ExitCodes.scriptErrors)
        }
        return checked
    }

    static func readInventory(at path: String) throws -> Inventory {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): no such file or not readable")
        }
        do {
            return try InventoryFile.decode(data, path: path)
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    static func report(_ diagnostics: [Diagnostic], in source: SourceFile, environment: [String: String]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(isTerminal: isatty(STDERR_FILENO) == 1, environment: environment)
        Console.error(renderer.render(diagnostics, in: source))
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601)
    }
}
