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
        guard let planned = try await planToApply(input, store: store), let fleet = planned.fleet else {
            return ExitCodes.success
        }
        do {
            if input.resumeRunID == nil {
                try checkSecrets(planned.plan, resolver: secrets)
                try confirm(planned.plan, input: input)
            }
        } catch {
            try? await fleet.close()
            throw error
        }
        let display = ProgressDisplay(mode: input.json ? .json : (Console.isInteractive ? .live : .periodic))
        let concurrency = fleet.concurrencyByAccount
        let options = ExecutionOptions(perAccountConcurrency: 2, force: input.force,
                                       concurrency: { concurrency[$0] }, onUpdate: { display.update($0) })
        let executor = PlanExecutor(writer: FleetWriter(fleet: fleet, secrets: secrets, listings: planned.inventory),
                                    store: store, options: options)
        let result: ExecutionResult
        do {
            result = try await Interruption.cancellingOnSignal {
                if let runID = input.resumeRunID {
                    try await executor.resume(runID: runID)
                } else {
                    try await executor.execute(planned.plan, planFile: planned.file)
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

    /// What an apply works on: the plan, the saved file's bytes when they are exactly that plan,
    /// the fleet of its accounts (open; nil only for an empty plan), and, for a script planned
    /// now, the listings the plan was made from.
    struct Target: Sendable {
        var plan: Plan
        var file: Data?
        var fleet: Fleet?
        var inventory: Inventory?
    }

    /// The run to resume, a saved plan as it is, or a script planned now (diagnostics and diff
    /// printed), with its fleet open; nil when there is nothing to apply. Every usage error
    /// (a bad `--rate`, an unknown account) is found before the plan is printed.
    static func planToApply(_ input: ApplyCommandInput, store: RunStore) async throws -> Target? {
        if let runID = input.resumeRunID {
            let plan = try loadRun(runID, store: store)
            return Target(plan: plan, fleet: try await openFleet(for: plan, input: input))
        }
        guard let target = input.target else { throw CommandFailure("give a script or a plan file", exitCode: ExitCodes.usage) }
        let planned = try await planOrLoad(target, input: input)
        do {
            if planned.plan.changes.isEmpty {
                if !input.json { Console.out("Nothing to apply.") }
                try await planned.fleet?.close()
                return nil
            }
            if let maxChanges = input.maxChanges, planned.plan.changes.count > maxChanges {
                throw CommandFailure("the plan changes \(planned.plan.changes.count) webhooks, more than --max-changes "
                                     + "\(maxChanges); nothing was applied")
            }
            return planned
        } catch {
            try? await planned.fleet?.close()
            throw error
        }
    }

    /// The fleet of the accounts `plan` changes.
    static func openFleet(for plan: Plan, input: ApplyCommandInput) async throws -> Fleet {
        var options = input.fleet
        options.vendors = Set(plan.changes.map(\.key.vendor))
        options.accounts = Set(plan.changes.map(\.key.account))
        return try await Fleet.open(options)
    }

    /// A saved plan as it is, or a script planned now, with the fleet to apply it through.
    static func planOrLoad(_ target: String, input: ApplyCommandInput) async throws -> Target {
        guard let data = FileManager.default.contents(atPath: target) else {
            throw CommandFailure("\(target): no such file or not readable")
        }
        let isPlanFile = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) == UInt8(ascii: "{")
        let colors = ColorMode.forStandardOutput(preference: input.color, environment: input.fleet.environment)
        let planned: Target
        if isPlanFile {
            var saved: Plan
            do {
                saved = try PlanFile.decode(data, path: target)
            } catch {
                throw CommandFailure("\(error)")
            }
            var file: Data? = data
            if let shard = input.fleet.shard {
                saved.changes = saved.changes.filter { shard.contains(vendor: $0.key.vendor, account: $0.key.account) }
                file = nil
            }
            planned = Target(plan: saved, file: file,
                             fleet: saved.changes.isEmpty ? nil : try await openFleet(for: saved, input: input))
        } else {
            var planInput = PlanCommandInput(scriptPath: target)
            planInput.fleet = input.fleet
            planInput.strict = input.strict
            planInput.maxChanges = input.maxChanges
            let (reviewed, fleet) = try await PlanApp.makePlan(planInput, keepingFleetOpen: true)
            if reviewed.review.hasErrors {
                try? await fleet?.close()
                if !input.json { Console.out(HumanPlanRenderer.render(reviewed.plan, options: RenderOptions(colorMode: colors))) }
                throw CommandFailure("the plan has review errors (see above); nothing was applied")
            }
            planned = Target(plan: reviewed.plan, fleet: fleet, inventory: reviewed.inventory)
        }
        if !input.json { Console.out(HumanPlanRenderer.render(planned.plan, options: RenderOptions(colorMode: colors))) }
        return planned
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
        Console.out(ApplyReport.runLine(result))
    }
}
