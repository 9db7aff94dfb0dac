import ArgumentParser
import Foundation
import RehookExecution
import RehookModel
import RehookPlanning
import RehookVendors

/// The `rehook apply` arguments, parsed by the command line and handed over whole.
public struct ApplyArguments: ParsableArguments {
    @Argument(help: "A script (.rehook) to plan and apply, or a plan file saved with 'plan --out'.")
    public var target: String?

    @Option(help: "Finish an interrupted run (see 'rehook runs').")
    public var resume: String?

    @OptionGroup public var fleet: FleetOptions
    @OptionGroup public var execution: ExecutionArguments
    @OptionGroup public var review: ReviewOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        switch (target, resume) {
        case (nil, nil): throw ValidationError("give a script or plan file to apply, or --resume RUN_ID")
        case (_?, _?): throw ValidationError("--resume takes the run's own plan; give no script or plan file with it")
        default: break
        }
    }
}

/// How an apply runs: confirmation, pacing, output.
public struct ExecutionArguments: ParsableArguments {
    @Flag(name: [.customLong("yes"), .customLong("auto-approve"), .customShort("y")], help: "Apply without asking.")
    public var autoApprove = false

    @Option(help: "Writes in flight at once, across all accounts.")
    public var parallelism = 16

    @Option(name: .customLong("rate"), help: "Pace an account, e.g. heygen-eu=10/s or jogg=20/m (repeatable).")
    public var rates: [String] = []

    @Option(name: .customLong("concurrency"), help: "Changes at once for an account, e.g. heygen-eu=4 (repeatable).")
    public var concurrency: [String] = []

    @Flag(help: "Write NDJSON events (one per state change, then a summary) to stdout instead of the diff and progress.")
    public var json = false

    @Flag(help: "Write even webhooks that changed since the plan (normally skipped as stale).")
    public var force = false

    public init() {}

    /// Malformed `--rate`/`--concurrency` values are usage errors here; an account that is not
    /// in the run is found once the fleet is open, still before the plan is printed.
    public func validate() throws {
        if parallelism < 1 { throw ValidationError("--parallelism must be at least 1") }
        do {
            try AccountLimits.checkSyntax(rates: rates, concurrency: concurrency)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

/// `rehook apply`: plan (or load a plan), open the accounts and check the limits, show the
/// plan, ask, then execute it under each account's limits with a journal, and report per vendor.
public enum ApplyApp {
    public static func run(_ arguments: ApplyArguments) async -> Int32 {
        let policy = arguments.output.policy(environment: arguments.fleet.environment)
        return await CommandRunner.run(outputPolicy: policy) {
            try await apply(arguments, outputPolicy: policy)
        }
    }

    static func apply(_ arguments: ApplyArguments, outputPolicy: OutputPolicy) async throws -> Int32 {
        let execution = arguments.execution
        let store = RunStore(stateDirectory: arguments.fleet.stateDirectory.url)
        let secrets = EnvironmentSecretResolver(environment: arguments.fleet.environment)
        let renderOptions = RenderOptions(colorMode: outputPolicy.colorMode(for: .output))
        let checkLimits = { (fleet: Fleet) throws in
            _ = try AccountLimits(fleet: fleet, rates: execution.rates, concurrency: execution.concurrency)
        }
        let source = try await planToApply(arguments, outputPolicy: outputPolicy, whenOpened: checkLimits)
        let plan = source.plan
        if arguments.resume == nil && plan.changes.isEmpty {
            if !execution.json {
                Console.out(HumanPlanRenderer.render(plan, options: renderOptions))
                Console.out("Nothing to apply.")
            }
            return ExitCodes.success
        }

        let fleet = try await Fleet.open(source.fleet, scope: source.scope)
        let limits: AccountLimits
        do {
            limits = try AccountLimits(fleet: fleet, rates: execution.rates, concurrency: execution.concurrency)
            if arguments.resume == nil {
                if !execution.json { Console.out(HumanPlanRenderer.render(plan, options: renderOptions)) }
                if let maxChanges = arguments.review.maxChanges, plan.changes.count > maxChanges {
                    throw CommandFailure("the plan changes \(plan.changes.count) webhooks, more than --max-changes \(maxChanges); "
                                         + "nothing was applied")
                }
                try checkSecrets(plan, resolver: secrets)
                try confirm(plan, autoApprove: execution.autoApprove)
            }
        } catch {
            try? await fleet.close()
            throw error
        }
        let display = ProgressDisplay(mode: execution.json ? .json : (Console.isInteractive ? .live : .periodic))
        let options = ExecutionOptions(
            parallelism: execution.parallelism, perAccountConcurrency: 2,
            rateLimit: { limits.pacing(for: $0) }, force: execution.force,
            concurrency: { limits.concurrency(for: $0) },
            onUpdate: { display.update($0) })
        let savedPlanFile = source.file
        let resumeRunID = arguments.resume
        let executor = PlanExecutor(writer: FleetWriter(fleet: fleet, secrets: secrets),
                                    store: store, options: options)
        let result: ExecutionResult
        do {
            result = try await Interruption.cancellingOnSignal {
                if let runID = resumeRunID {
                    try await executor.resume(runID: runID)
                } else {
                    try await executor.execute(plan, planFile: savedPlanFile)
                }
            }
        } catch {
            display.finish()
            try? await fleet.close()
            throw CommandFailure("\(error)")
        }
        display.finish()
        try await fleet.close()
        report(result, json: execution.json)
        return result.exitCode
    }

    /// The plan an apply executes and the accounts it needs.
    struct PlanSource {
        var plan: Plan
        /// The saved plan's bytes when they are exactly the plan to apply (no `--shard` filter).
        var file: Data?
        /// The selection the accounts are opened with, and its narrowing.
        var fleet: FleetOptions
        var scope: FleetScope
    }

    /// The run's own plan (`--resume`), a saved plan as it is, or a script planned now
    /// (diagnostics printed, `whenOpened` run on the fleet before its inventory is read). A
    /// saved plan is applied whole (only `--shard` filters it), on the accounts it changes; a
    /// script's plan on the selected accounts of the vendors it touches, as it was planned.
    static func planToApply(_ arguments: ApplyArguments, outputPolicy: OutputPolicy,
                            whenOpened: (Fleet) throws -> Void) async throws -> PlanSource {
        var wholeFleet = arguments.fleet
        wholeFleet.vendors = []
        wholeFleet.accounts = []
        if let runID = arguments.resume {
            let store = RunStore(stateDirectory: arguments.fleet.stateDirectory.url)
            let plan = try loadRun(runID, store: store)
            return PlanSource(plan: plan, file: nil, fleet: wholeFleet, scope: scope(of: plan))
        }
        guard let target = arguments.target else { throw CommandFailure("give a script or a plan file", exitCode: ExitCodes.usage) }
        guard let data = FileManager.default.contents(atPath: target) else {
            throw CommandFailure("\(target): no such file or not readable")
        }
        let isPlanFile = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) == UInt8(ascii: "{")
        if isPlanFile {
            do {
                var saved = try PlanFile.decode(data, path: target)
                var file: Data? = data
                if let shard = arguments.fleet.shard {
                    saved.changes = saved.changes.filter { shard.contains(vendor: $0.key.vendor, account: $0.key.account) }
                    file = nil
                }
                return PlanSource(plan: saved, file: file, fleet: wholeFleet, scope: scope(of: saved))
            } catch {
                throw CommandFailure("\(error)")
            }
        }
        let reviewed = try await PlanApp.makePlan(script: target, fleet: arguments.fleet, review: arguments.review,
                                                  outputPolicy: outputPolicy, whenOpened: whenOpened)
        if reviewed.review.hasErrors {
            if !arguments.execution.json {
                Console.out(HumanPlanRenderer.render(reviewed.plan, options: RenderOptions(colorMode: outputPolicy.colorMode(for: .output))))
            }
            throw CommandFailure("the plan has review errors (see above); nothing was applied")
        }
        return PlanSource(plan: reviewed.plan, file: nil, fleet: arguments.fleet,
                          scope: FleetScope(vendors: Planner.vendors(touchedBy: reviewed.script.script)))
    }

    /// Only the accounts `plan` changes.
    static func scope(of plan: Plan) -> FleetScope {
        FleetScope(vendors: Set(plan.changes.map(\.key.vendor)), accounts: Set(plan.changes.map(\.key.account)))
    }

    /// Every secret the plan sets must be readable now: a missing variable or file fails the
    /// apply before anything is sent, rather than failing each change after confirmation.
    static func checkSecrets(_ plan: Plan, resolver: any SecretResolving) throws {
        var checked = Set<SecretReference>()
        var problems: [String] = []
        for change in plan.changes {
            for field in change.fields {
                guard case .secret(let reference) = field.after, checked.insert(reference).inserted else { continue }
                do {
                    _ = try resolver.resolve(reference)
                } catch {
                    problems.append("  \(reference): \(error.message)")
                }
            }
        }
        guard problems.isEmpty else {
            throw CommandFailure("cannot read the secrets the plan sets; nothing was applied:\n" + problems.joined(separator: "\n"))
        }
    }

    /// Asks for `yes` on a terminal; without one, only `--yes` lets the apply go ahead.
    static func confirm(_ plan: Plan, autoApprove: Bool) throws {
        if autoApprove { return }
        guard Console.isInteractive else {
            throw CommandFailure("refusing to apply without confirmation: standard input is not a terminal; "
                                 + "pass --yes (or --auto-approve) to apply non-interactively")
        }
        Console.out("\nApply these changes to \(plan.changes.count) webhook\(plan.changes.count == 1 ? "" : "s")? "
                    + "Only 'yes' will be accepted.")
        Console.write(Data("  Enter a value: ".utf8), to: .output)
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw CommandFailure("apply cancelled; nothing was changed")
        }
    }

    static func loadRun(_ runID: String, store: RunStore) throws -> Plan {
        do {
            return try store.load(run: runID).plan
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    static func report(_ result: ExecutionResult, json: Bool) {
        if json {
            Console.out(ApplyReport.jsonSummary(result))
            return
        }
        Console.out("")
        for line in SummaryRenderer.table(result.progress) { Console.out(line) }
        for line in ApplyReport.problemLines(result) { Console.out(line) }
        Console.out("\n" + SummaryRenderer.verdict(result))
        Console.out("Run \(result.runID): journal and rollback plan in \(result.runDirectory.path)")
    }
}
