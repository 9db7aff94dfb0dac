import ArgumentParser
import Foundation
import RehookExecution
import RehookModel
import RehookOutput
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

/// How an apply runs: confirmation, output, stale webhooks. (Pacing is the fleet's:
/// `--rate`, `--write-rate`, `--concurrency`, `--parallelism` in `FleetOptions`.)
public struct ExecutionArguments: ParsableArguments {
    @Flag(name: [.customLong("yes"), .customLong("auto-approve"), .customShort("y")], help: "Apply without asking.")
    public var autoApprove = false

    @Flag(help: "Write NDJSON events (one per state change, then a summary) to stdout instead of the diff and progress.")
    public var json = false

    @Flag(help: "Write even webhooks that changed since the plan (normally skipped as stale).")
    public var force = false

    public init() {}
}

/// `rehook apply`: plan (or load a plan) on the accounts it needs, show it, ask, then execute
/// it through those accounts' pipelines with a journal, and report per vendor.
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
        guard let planned = try await planToApply(arguments, outputPolicy: outputPolicy, store: store),
              let fleet = planned.fleet else { return ExitCodes.success }
        do {
            if arguments.resume == nil {
                try checkSecrets(planned.secrets, resolver: secrets)
                try confirm(changeCount: planned.plan.count, autoApprove: execution.autoApprove)
            }
        } catch {
            try? await fleet.close()
            throw error
        }
        let display = ProgressDisplay(mode: execution.json ? .json : (Console.isInteractive ? .live : .periodic))
        let concurrency = fleet.concurrencyByAccount
        let options = ExecutionOptions(perAccountConcurrency: 2, force: execution.force,
                                       concurrency: { concurrency[$0] }, onUpdate: { display.update($0) })
        let executor = PlanExecutor(writer: FleetWriter(fleet: fleet, secrets: secrets, listings: planned.inventory),
                                    store: store, options: options)
        let resumeRunID = arguments.resume
        let result: ExecutionResult
        do {
            result = try await Interruption.cancellingOnSignal {
                if let runID = resumeRunID {
                    try await executor.resume(runID: runID)
                } else {
                    try await executor.execute(planned.plan)
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

    /// What an apply works on: the plan (a saved one read change by change from its file), the
    /// secrets it sets, the fleet of its accounts (open; nil only for an empty plan), and, for a
    /// script planned now, the listings the plan was made from.
    struct Target: Sendable {
        var plan: StreamedPlan
        var secrets: [SecretReference] = []
        var fleet: Fleet?
        var inventory: Inventory?
    }

    /// The run to resume, a saved plan as it is (only `--shard` filters it), or a script planned
    /// now (diagnostics printed), with its fleet open and the plan printed; nil when there is
    /// nothing to apply. Every usage error (a `--rate` naming no account, an unknown account) is
    /// found when the fleet opens, before the plan is printed or any request is sent.
    static func planToApply(_ arguments: ApplyArguments, outputPolicy: OutputPolicy, store: RunStore) async throws -> Target? {
        if let runID = arguments.resume {
            let plan = try openRun(runID, store: store)
            return Target(plan: plan, fleet: try await Fleet.open(wholeFleet(arguments), scope: scope(of: plan.keys)))
        }
        guard let target = arguments.target else { throw CommandFailure("give a script or a plan file", exitCode: ExitCodes.usage) }
        let planned = try await planOrLoad(target, arguments: arguments, outputPolicy: outputPolicy)
        do {
            if !arguments.execution.json {
                try HumanPlanRenderer.render(planned.plan, options: RenderOptions(colorMode: outputPolicy.colorMode(for: .output))) {
                    Console.write(Data($0.utf8), to: .output)
                }
            }
            if planned.plan.count == 0 {
                if !arguments.execution.json { Console.out("Nothing to apply.") }
                try await planned.fleet?.close()
                return nil
            }
            if let maxChanges = arguments.review.maxChanges, planned.plan.count > maxChanges {
                throw CommandFailure("the plan changes \(planned.plan.count) webhooks, more than --max-changes "
                                     + "\(maxChanges); nothing was applied")
            }
            return planned
        } catch {
            try? await planned.fleet?.close()
            throw error
        }
    }

    /// A saved plan as it is, on the accounts it changes, or a script planned now through a
    /// fleet left open for the apply (the selected accounts of the vendors it touches).
    static func planOrLoad(_ target: String, arguments: ApplyArguments, outputPolicy: OutputPolicy) async throws -> Target {
        if try startsWithBrace(target) {
            // Read change by change (`PlanFile.open`): every change checked now, none held.
            var saved: StreamedPlan
            var secrets = SecretReferences()
            do {
                saved = try PlanFile.open(path: target) { secrets.add($0) }
            } catch {
                throw CommandFailure("\(error)")
            }
            if let shard = arguments.fleet.shard {
                saved = saved.filter { shard.contains(vendor: $0.vendor, account: $0.account) }
            }
            let fleet = saved.count == 0 ? nil : try await Fleet.open(wholeFleet(arguments), scope: scope(of: saved.keys))
            return Target(plan: saved, secrets: secrets.inOrder, fleet: fleet)
        }
        let (reviewed, fleet) = try await PlanApp.makePlan(script: target, fleet: arguments.fleet, review: arguments.review,
                                                           outputPolicy: outputPolicy, keepingFleetOpen: true)
        if reviewed.review.hasErrors {
            try? await fleet?.close()
            if !arguments.execution.json {
                Console.out(HumanPlanRenderer.render(reviewed.plan, options: RenderOptions(colorMode: outputPolicy.colorMode(for: .output))))
            }
            throw CommandFailure("the plan has review errors (see above); nothing was applied")
        }
        return Target(plan: StreamedPlan(reviewed.plan), secrets: secretReferences(reviewed.plan), fleet: fleet,
                      inventory: reviewed.inventory)
    }

    /// Whether the first byte of the file that is not whitespace is `{` (a plan file, not a script).
    static func startsWithBrace(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure("\(path): no such file or not readable")
        }
        defer { try? handle.close() }
        while let piece = try? handle.read(upToCount: 4096), !piece.isEmpty {
            if let byte = piece.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
                return byte == UInt8(ascii: "{")
            }
        }
        return false
    }

    /// The user's fleet options without `--vendor`/`--account`: a saved plan is applied whole.
    static func wholeFleet(_ arguments: ApplyArguments) -> FleetOptions {
        var options = arguments.fleet
        options.vendors = []
        options.accounts = []
        return options
    }

    /// Only the accounts the changes of `keys` are in.
    static func scope(of keys: [WebhookKey]) -> FleetScope {
        FleetScope(vendors: Set(keys.map(\.vendor)), accounts: Set(keys.map(\.account)))
    }

    /// The secrets `plan` sets, in the order they first appear.
    static func secretReferences(_ plan: Plan) -> [SecretReference] {
        var references = SecretReferences()
        plan.changes.forEach { references.add($0) }
        return references.inOrder
    }

    /// The secrets changes set, each once, in the order they first appear.
    struct SecretReferences {
        private(set) var inOrder: [SecretReference] = []
        private var seen = Set<SecretReference>()

        mutating func add(_ change: PlannedChange) {
            for field in change.fields {
                if case .secret(let reference) = field.after, seen.insert(reference).inserted { inOrder.append(reference) }
            }
        }
    }

    /// Every secret the plan sets must be readable now: a missing variable or file fails the
    /// apply before anything is sent, rather than failing each change after confirmation.
    static func checkSecrets(_ references: [SecretReference], resolver: any SecretResolving) throws {
        var problems: [String] = []
        for reference in references {
            do {
                _ = try resolver.resolve(reference)
            } catch {
                problems.append("  \(reference): \(error.message)")
            }
        }
        guard problems.isEmpty else {
            throw CommandFailure("cannot read the secrets the plan sets; nothing was applied:\n" + problems.joined(separator: "\n"))
        }
    }

    /// Asks for `yes` on a terminal; without one, only `--yes` lets the apply go ahead.
    static func confirm(changeCount: Int, autoApprove: Bool) throws {
        if autoApprove { return }
        guard Console.isInteractive else {
            throw CommandFailure("refusing to apply without confirmation: standard input is not a terminal; "
                                 + "pass --yes (or --auto-approve) to apply non-interactively")
        }
        Console.out("\nApply these changes to \(changeCount) webhook\(changeCount == 1 ? "" : "s")? "
                    + "Only 'yes' will be accepted.")
        Console.write(Data("  Enter a value: ".utf8), to: .output)
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw CommandFailure("apply cancelled; nothing was changed")
        }
    }

    static func openRun(_ runID: String, store: RunStore) throws -> StreamedPlan {
        do {
            return try store.openPlan(run: runID)
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
        Console.out(ApplyReport.runLine(result))
    }
}
