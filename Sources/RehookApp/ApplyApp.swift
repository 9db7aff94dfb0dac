import Foundation
import RehookExecution
import RehookModel
import RehookPlanning
import RehookVendors

/// The `rehook apply` options, as typed on the command line.
public struct ApplyCommandInput: Sendable {
    /// A script to plan and apply, or a saved plan (JSON) to apply exactly.
    public var target: String?
    /// `--resume RUN_ID`: finish what an earlier run left unfinished.
    public var resumeRunID: String?
    public var fleet = FleetOptions()
    /// `--yes` / `--auto-approve`.
    public var autoApprove = false
    public var parallelism = 16
    /// `--rate ACCOUNT=N/s|N/m`, repeatable.
    public var rates: [String] = []
    /// `--concurrency ACCOUNT=N`, repeatable.
    public var concurrency: [String] = []
    /// `--json`: an NDJSON event stream on stdout instead of the diff and progress display.
    public var json = false
    public var maxChanges: Int?
    public var force = false
    public var strict = false
    public var color: ColorMode.Preference = .auto

    public init() {}
}

/// `rehook apply`: plan (or load a plan), show it, ask, then execute it under each account's
/// limits with a journal, and report per vendor.
public enum ApplyApp {
    public static func run(_ input: ApplyCommandInput) async -> Int32 {
        do {
            return try await apply(input)
        } catch let failure as CommandFailure {
            Console.error("error: \(failure.message)")
            return failure.exitCode
        } catch {
            Console.error("error: \(error)")
            return ExitCodes.failure
        }
    }

    static func apply(_ input: ApplyCommandInput) async throws -> Int32 {
        let store = RunStore(stateDirectory: input.fleet.stateDirectory.url)
        let secrets = EnvironmentSecretResolver(environment: input.fleet.environment)
        let plan: Plan
        var planFile: Data?
        if let runID = input.resumeRunID {
            plan = try loadRun(runID, store: store)
        } else {
            guard let target = input.target else { throw CommandFailure("give a script or a plan file", exitCode: ExitCodes.usage) }
            (plan, planFile) = try await planToApply(target, input: input)
            if plan.changes.isEmpty {
                if !input.json { Console.out("Nothing to apply.") }
                return ExitCodes.success
            }
            if let maxChanges = input.maxChanges, plan.changes.count > maxChanges {
                throw CommandFailure("the plan changes \(plan.changes.count) webhooks, more than --max-changes \(maxChanges); "
                                     + "nothing was applied")
            }
            try checkSecrets(plan, resolver: secrets)
            try confirm(plan, input: input)
        }

        var fleetOptions = input.fleet
        fleetOptions.vendors = Set(plan.changes.map(\.key.vendor))
        fleetOptions.accounts = Set(plan.changes.map(\.key.account))
        let fleet = try await Fleet.open(fleetOptions)
        let limits: AccountLimits
        do {
            limits = try AccountLimits(fleet: fleet, rates: input.rates, concurrency: input.concurrency)
        } catch {
            try? await fleet.close()
            throw error
        }
        let display = ProgressDisplay(mode: input.json ? .json : (Console.isInteractive ? .live : .periodic))
        let options = ExecutionOptions(
            parallelism: input.parallelism, perAccountConcurrency: 2,
            rateLimit: { limits.pacing(for: $0) }, force: input.force,
            concurrency: { limits.concurrency(for: $0) },
            onUpdate: { display.update($0) })
        let savedPlanFile = planFile
        let executor = PlanExecutor(writer: FleetWriter(fleet: fleet, secrets: secrets),
                                    store: store, options: options)
        let result: ExecutionResult
        do {
            result = try await Interruption.cancellingOnSignal {
                if let runID = input.resumeRunID {
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
        report(result, json: input.json)
        return result.exitCode
    }

    /// A saved plan as it is, or a script planned now (diagnostics and diff printed); with the
    /// saved plan's bytes when they are exactly the plan to apply (no `--shard` filter).
    static func planToApply(_ target: String, input: ApplyCommandInput) async throws -> (plan: Plan, file: Data?) {
        guard let data = FileManager.default.contents(atPath: target) else {
            throw CommandFailure("\(target): no such file or not readable")
        }
        let isPlanFile = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) == UInt8(ascii: "{")
        let colors = ColorMode.forStandardOutput(preference: input.color, environment: input.fleet.environment)
        let plan: Plan
        var file: Data?
        if isPlanFile {
            do {
                var saved = try PlanFile.decode(data, path: target)
                if let shard = input.fleet.shard {
                    saved.changes = saved.changes.filter { shard.contains(vendor: $0.key.vendor, account: $0.key.account) }
                } else {
                    file = data
                }
                plan = saved
            } catch {
                throw CommandFailure("\(error)")
            }
        } else {
            var planInput = PlanCommandInput(scriptPath: target)
            planInput.fleet = input.fleet
            planInput.strict = input.strict
            planInput.maxChanges = input.maxChanges
            let reviewed = try await PlanApp.makePlan(planInput)
            if reviewed.review.hasErrors {
                if !input.json { Console.out(HumanPlanRenderer.render(reviewed.plan, options: RenderOptions(colorMode: colors))) }
                throw CommandFailure("the plan has review errors (see above); nothing was applied")
            }
            plan = reviewed.plan
        }
        if !input.json { Console.out(HumanPlanRenderer.render(plan, options: RenderOptions(colorMode: colors))) }
        return (plan, file)
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
    static func confirm(_ plan: Plan, input: ApplyCommandInput) throws {
        if input.autoApprove { return }
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
