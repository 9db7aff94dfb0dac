import ArgumentParser
import Foundation
import RehookExecution
import RehookModel
import RehookOutput
import RehookPlanning
import RehookReview
import RehookVendors

/// The `rehook apply` arguments, parsed by the command line and handed over whole.
public struct ApplyArguments: ParsableArguments {
    @Argument(help: "A script (.rehook) to plan and apply, or a plan file saved with 'plan --out'.",
              completion: .file(extensions: ["rehook", "json"]))
    public var target: String?

    @Option(help: "Finish an interrupted run (see 'rehook runs').",
            completion: .custom { _, _, _ in ShellCompletion.runIDs() })
    public var resume: String?

    @Option(help: ArgumentHelp("Apply only the plan with this digest (sha256:…, as 'plan' shows it).",
                               discussion: "The digest a reviewer approved binds the apply to exactly that plan."))
    public var expectDigest: String?

    @Flag(help: ArgumentHelp("Apply without probing the new destinations first.",
                             discussion: "By default every new URL is probed (DNS, TCP, TLS, HEAD) before the first write, "
                                + "and an unreachable one stops the apply; see docs/cutover.md."))
    public var noProbe = false

    @OptionGroup public var waves: WaveOptions
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
        if let expectDigest, !PlanFile.isDigest(expectDigest) {
            throw ValidationError("--expect-digest \(expectDigest): expected sha256: and 64 lowercase hex digits")
        }
        if expectDigest != nil && resume != nil {
            throw ValidationError("--expect-digest checks a plan or script; a resumed run finishes its own plan")
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
        let display = ProgressDisplay(mode: execution.json ? .json : ProgressDisplay.mode(for: outputPolicy))
        let concurrency = fleet.concurrencyByAccount
        let routing = DestinationProbing.routing(fleet: fleet, options: arguments.fleet)
        let destinationCheck: DestinationCheck = { changes in
            await DestinationProbing.unreachable(changes.compactMap(\.newURL), routing: routing)
        }
        let options = ExecutionOptions(
            perAccountConcurrency: 2, force: execution.force, concurrency: { concurrency[$0] },
            onUpdate: { display.update($0) }, run: arguments.waves.runOptions(probe: !arguments.noProbe),
            destinationCheck: arguments.noProbe ? nil : destinationCheck, onNotice: { display.notice($0) })
        let executor = PlanExecutor(writer: FleetWriter(fleet: fleet, secrets: secrets, listings: planned.inventory),
                                    store: store, options: options)
        let resumeRunID = arguments.resume
        let sentBefore = fleet.sentRequests()
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
        let timing = ApplyTiming(elapsed: result.progress.elapsed.seconds, bound: fleet.rateBound(since: sentBefore),
                                 estimate: planned.plan.header.estimate)
        try await fleet.close()
        report(result, timing: timing, json: execution.json)
        CommandRunner.keepUntilExit(planned)
        CommandRunner.keepUntilExit(result)
        CommandRunner.keepUntilExit(executor)
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
        /// The plan as shown before the apply, when it differs from `plan` (a saved plan
        /// annotated with the findings of its second review).
        var display: StreamedPlan?
        /// The blast-radius limit the review applied (`[policy]`, `--max-changes`, the saved plan's).
        var maxChanges: Int?
    }

    /// The run to resume, a saved plan (narrowed and reviewed again), or a script planned
    /// now (diagnostics printed), with its fleet open and the plan printed; nil when there is
    /// nothing to apply. Every usage error (a `--rate` naming no account, an unknown account) is
    /// found when the fleet opens, before the plan is printed or any request is sent.
    static func planToApply(_ arguments: ApplyArguments, outputPolicy: OutputPolicy, store: RunStore) async throws -> Target? {
        if let runID = arguments.resume {
            let (plan, unfinished) = try openRun(runID, store: store)
            let fleet = try await Fleet.open(wholeFleet(arguments), scope: scope(of: plan.keys))
            if !arguments.noProbe {
                do {
                    try await probeBeforeResuming(unfinished, routing: DestinationProbing.routing(fleet: fleet, options: arguments.fleet),
                                                  json: arguments.execution.json)
                } catch {
                    try? await fleet.close()
                    throw error
                }
            }
            return Target(plan: plan, fleet: fleet)
        }
        guard let target = arguments.target else { throw CommandFailure("give a script or a plan file", exitCode: ExitCodes.usage) }
        let planned = try await planOrLoad(target, arguments: arguments, outputPolicy: outputPolicy)
        do {
            if !arguments.execution.json {
                try HumanPlanRenderer.render(planned.display ?? planned.plan,
                                             options: RenderOptions(colorMode: outputPolicy.colorMode(for: .output))) {
                    Console.text($0, to: .output)
                }
            }
            if planned.plan.count == 0 {
                if !arguments.execution.json { Console.out("Nothing to apply.") }
                try await planned.fleet?.close()
                return nil
            }
            if let maxChanges = planned.maxChanges, planned.plan.count > maxChanges {
                throw CommandFailure("the plan changes \(planned.plan.count) webhooks, more than max_changes "
                                     + "\(maxChanges) (--max-changes or [policy]); nothing was applied")
            }
            return planned
        } catch {
            try? await planned.fleet?.close()
            throw error
        }
    }

    /// A saved plan, its digest checked, narrowed by `--vendor`/`--account`/`--shard` and
    /// reviewed again (refused on errors), on the accounts it changes; or a script planned now
    /// through a fleet left open for the apply (the selected accounts of the vendors it touches).
    static func planOrLoad(_ target: String, arguments: ApplyArguments, outputPolicy: OutputPolicy) async throws -> Target {
        let colors = RenderOptions(colorMode: outputPolicy.colorMode(for: .output))
        // The current policy's change checks run while the file is read (the review below reuses
        // them when the configuration gives the same policy then); a configuration that does not
        // load is reported when the fleet opens, as without this. The file is read once: the fleet
        // opens on the same configuration (1,000 accounts are ~0.1 s of TOML), for a saved plan
        // and for a script planned now alike.
        let configuration = try? arguments.fleet.loadConfiguration()
        let configuredPolicy = arguments.fleet.useSandbox ? ConfiguredPolicy() : configuration?.policy
        let firstRead = configuredPolicy.flatMap { try? arguments.review.policy(configured: $0) }.map {
            ReviewPass(policies: [$0], countingReceivers: !arguments.noProbe)
        }
        if let saved = try SavedPlan.openIfPlan(target, selection: arguments.fleet, review: firstRead) {
            try DigestCheck.require(arguments.expectDigest, actual: try saved.digest())
            let selected = try saved.selected()
            let plan = selected.plan
            let needsFleet = plan.count > 0 || arguments.fleet.narrowsAccounts
            let fleet = needsFleet ? try await Fleet.open(arguments.fleet, scope: scope(of: plan.keys),
                                                        configuration: configuration) : nil
            let (reviewed, hasErrors, maxChanges): (StreamedPlan, Bool, Int?)
            do {
                let configured = try fleet?.policy ?? arguments.fleet.configuredPolicy()
                let probed = fleet == nil || arguments.noProbe ? plan : try await DestinationProbing.probed(
                    plan, routing: DestinationProbing.routing(fleet: fleet, options: arguments.fleet))
                (reviewed, hasErrors, maxChanges) = try arguments.review.review(saved: probed, configured: configured,
                                                                               firstRead: selected.firstReadReview)
            } catch {
                try? await fleet?.close()
                throw error
            }
            if hasErrors {
                try? await fleet?.close()
                if !arguments.execution.json {
                    try HumanPlanRenderer.render(reviewed, options: colors) { Console.text($0, to: .output) }
                }
                throw CommandFailure("the saved plan has review errors (see above); nothing was applied")
            }
            return Target(plan: plan, secrets: selected.secrets, fleet: fleet, display: reviewed, maxChanges: maxChanges)
        }
        let (reviewed, fleet) = try await PlanApp.makePlan(script: target, fleet: arguments.fleet, review: arguments.review,
                                                           probing: !arguments.noProbe, outputPolicy: outputPolicy,
                                                           keepingFleetOpen: true, configuration: configuration)
        if reviewed.review.hasErrors {
            try? await fleet?.close()
            if !arguments.execution.json { Console.out(HumanPlanRenderer.render(reviewed.plan, options: colors)) }
            throw CommandFailure("the plan has review errors (see above); nothing was applied")
        }
        do {
            try DigestCheck.require(arguments.expectDigest, actual: reviewed.plan.digest ?? PlanFile.digest(of: reviewed.plan))
        } catch {
            try? await fleet?.close()
            throw error
        }
        return Target(plan: StreamedPlan(reviewed.plan), secrets: secretReferences(reviewed.plan), fleet: fleet,
                      inventory: reviewed.inventory, maxChanges: reviewed.review.policy.maxChanges)
    }

    /// The user's fleet options without `--vendor`/`--account`: a resumed run finishes its plan whole.
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

    /// The run's plan, opened to be read change by change, and what its changes not finished
    /// yet are: how many, and their new destinations.
    static func openRun(_ runID: String, store: RunStore) throws -> (plan: StreamedPlan, unfinished: UnfinishedChanges) {
        do {
            let plan = try store.openPlan(run: runID)
            let indices = try store.unfinished(run: runID, plan: plan)
            return (plan, UnfinishedChanges(count: indices.count,
                                            destinations: try indices.compactMap { try plan.change(at: $0).newURL }))
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Probes the destinations of the changes a resumed run has yet to apply (they may have gone
    /// down since the run stopped); an unreachable one refuses the resume before anything is sent.
    static func probeBeforeResuming(_ unfinished: UnfinishedChanges, routing: ProbeRouting, json: Bool) async throws {
        let (probed, problems) = await DestinationProbing.unreachable(unfinished.destinations, routing: routing)
        guard problems.isEmpty else {
            throw CommandFailure("not resumed, nothing was sent: " + problems.joined(separator: "; ")
                                 + " (resume once it answers, or with --no-probe)")
        }
        if probed > 0 && !json {
            Console.out("Probed \(Plural.count(probed, "destination")) of the \(Plural.count(unfinished.count, "change"))"
                        + " not yet applied: reachable.")
        }
    }

    /// The changes of a resumed run not finished yet: how many, and their new destinations.
    struct UnfinishedChanges {
        let count: Int
        let destinations: [String]
    }

    static func report(_ result: ExecutionResult, timing: ApplyTiming, json: Bool) {
        if json {
            Console.out(ApplyReport.jsonSummary(result, timing: timing))
            return
        }
        Console.out("")
        for line in ApplyReport.summaryLines(result, timing: timing.line) { Console.out(line) }
    }
}
