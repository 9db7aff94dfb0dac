import ArgumentParser
import Foundation
import RehookLanguage
import RehookModel
import RehookOutput
import RehookPlanning
import RehookReview
import RehookVendors

extension PlanOutputFormat: ExpressibleByArgument {}

/// The `rehook plan` arguments, parsed by the command line and handed over whole.
public struct PlanArguments: ParsableArguments {
    @Argument(help: "The script (.rehook file).", completion: .file(extensions: ["rehook"]))
    public var script: String

    @OptionGroup public var fleet: FleetOptions

    @Option(help: "Plan against a saved inventory ('rehook inventory --format json') instead of the live vendors.",
            completion: .file(extensions: ["json"]))
    public var inventory: String?

    @OptionGroup public var rendering: PlanFormatOptions

    @Option(help: "Also save the plan (JSON) to this file, for 'rehook apply FILE'.")
    public var out: String?

    @Flag(help: "Exit 2 when the plan has changes, 0 when it has none.")
    public var detailedExitcode = false

    @Flag(help: ArgumentHelp("Probe each new destination (DNS, TCP, TLS, HEAD): unreachable ones are review errors.",
                             discussion: "'apply' probes by default, and so does 'plan --sandbox' (its receiver "
                                + "answers on loopback); see docs/cutover.md."))
    public var probe = false

    @OptionGroup public var review: ReviewOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if inventory != nil && fleet.useSandbox { throw ValidationError("--inventory and --sandbox exclude each other") }
    }
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
    public static func run(_ arguments: PlanArguments) async -> Int32 {
        let policy = arguments.output.policy(environment: arguments.fleet.environment)
        return await CommandRunner.run(outputPolicy: policy) {
            let reviewed = try await makePlan(arguments)
            let colors = policy.colorMode(for: .output)
            // The plan file is written on another thread while the output is rendered and printed;
            // a plan with review errors is not written.
            let saving = reviewed.review.hasErrors ? nil
                : arguments.out.map { path in BackgroundWork { try save(reviewed.plan, to: path) } }
            print(reviewed.plan, format: arguments.rendering.format,
                  options: RenderOptions(colorMode: colors, summaryOnly: arguments.rendering.summary))
            if let outPath = arguments.out {
                guard let saving else {
                    throw CommandFailure("the plan has review errors (see above); \(outPath) was not written")
                }
                do {
                    try saving.wait()
                } catch {
                    throw CommandFailure("cannot write the plan to \(outPath): \(error.localizedDescription)")
                }
                Console.error("Saved the plan to \(outPath); apply it with: rehook apply \(outPath)")
            }
            CommandRunner.keepUntilExit(reviewed)
            if reviewed.review.hasErrors { return ExitCodes.failure }
            return arguments.detailedExitcode && !reviewed.plan.changes.isEmpty ? ExitCodes.planHasChanges : ExitCodes.success
        }
    }

    /// The plan on standard output, in pieces as they are rendered (never one string of the
    /// whole diff or plan file), URL credentials masked as `Console` masks every output.
    static func print(_ plan: Plan, format: PlanOutputFormat, options: RenderOptions) {
        switch format {
        case .human:
            HumanPlanRenderer.render(plan, options: options) { Console.text($0, to: .output) }
        case .json:
            // Pieces end between changes, so no URL is split between two of them.
            PlanFile.encode(plan, changeCount: plan.changes.count, change: { plan.changes[$0] }) {
                Console.text(String(decoding: $0, as: UTF8.self), to: .output)
            }
            Console.write(Data("\n".utf8), to: .output)
        case .markdown:
            Console.out(format.render(plan, options: options))
        }
    }

    /// Writes the plan file to `path` piece by piece, atomically (a temporary file beside it,
    /// renamed over it).
    static func save(_ plan: Plan, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            try PlanFile.encode(plan, changeCount: plan.changes.count, change: { plan.changes[$0] }) { piece throws in
                try handle.write(contentsOf: piece)
            }
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// `makePlan` with the `plan` command's own arguments.
    public static func makePlan(_ arguments: PlanArguments) async throws -> ReviewedPlan {
        try await makePlan(script: arguments.script, fleet: arguments.fleet, review: arguments.review,
                           inventoryPath: arguments.inventory, probing: arguments.probe || arguments.fleet.useSandbox,
                           outputPolicy: arguments.output.policy(environment: arguments.fleet.environment))
    }

    /// Checks, reads, evaluates and reviews; diagnostics go to stderr as they arise.
    /// Throws `CommandFailure` with exit code 65 for script errors (static or plan-time), and
    /// 64 for a fleet selection that cannot be.
    static func makePlan(script path: String, fleet options: FleetOptions, review: ReviewOptions,
                         inventoryPath: String? = nil, probing: Bool = false, outputPolicy: OutputPolicy) async throws
        -> ReviewedPlan {
        let (reviewed, fleet) = try await makePlan(script: path, fleet: options, review: review, inventoryPath: inventoryPath,
                                                   probing: probing, outputPolicy: outputPolicy, keepingFleetOpen: false)
        try await fleet?.close()
        return reviewed
    }

    /// `makePlan`, handing back the fleet (the selected accounts of the vendors the script
    /// touches) the inventory was read through, still open when `keepingFleetOpen`: an apply
    /// then paces its writes on the same account pipelines and lists no account twice. The
    /// caller closes it. Ctrl-C while the inventory is read stops it (exit 130). With `probing`,
    /// the plan's new destinations are probed (the fleet, and so the sandbox's receiver, still
    /// open) and the review judges them. `configuration`: the caller's reading of the
    /// configuration `options` name, when it has one (read here when nil).
    static func makePlan(script path: String, fleet options: FleetOptions, review: ReviewOptions,
                         inventoryPath: String? = nil, probing: Bool = false, outputPolicy: OutputPolicy,
                         keepingFleetOpen: Bool, configuration: RehookConfiguration? = nil) async throws
        -> (ReviewedPlan, Fleet?) {
        let checked = try checkScript(at: path, policy: outputPolicy)
        let configured: ConfiguredPolicy
        let inventory: Inventory
        var openFleet: Fleet?
        var estimatingFleet: Fleet?
        var fleetToClose: Fleet?
        if let inventoryPath {
            configured = try configuration?.policy ?? options.configuredPolicy()
            var saved = try readInventory(at: inventoryPath)
            if let shard = options.shard {
                saved.accounts = saved.accounts.filter { shard.contains(vendor: $0.vendor, account: $0.account) }
            }
            inventory = saved
        } else {
            let fleet = try await Fleet.open(options, scope: FleetScope(vendors: Planner.vendors(touchedBy: checked.script)),
                                             configuration: configuration)
            configured = fleet.policy
            do {
                let progress = ProgressDisplay(mode: ProgressDisplay.mode(for: outputPolicy))
                inventory = try await Interruption.cancellingOnSignal { try await InventoryReader.read(fleet, progress: progress) }
            } catch {
                try? await fleet.close()
                throw error
            }
            estimatingFleet = fleet
            if keepingFleetOpen { openFleet = fleet } else { fleetToClose = fleet }
        }
        do {
            let routing = probing ? DestinationProbing.routing(fleet: estimatingFleet, options: options) : nil
            var reviewed = try await self.review(checked, inventory: inventory, configured: configured, path: path,
                                                 options: review, probing: routing, outputPolicy: outputPolicy)
            try await fleetToClose?.close()
            reviewed.plan.estimate = estimatingFleet?.estimate(for: reviewed.plan)
            return (reviewed, openFleet)
        } catch {
            try? await openFleet?.close()
            try? await fleetToClose?.close()
            throw error
        }
    }

    /// Evaluates the rules on `inventory`, probes its new destinations through `probing` when
    /// given, and reviews the plan.
    private static func review(_ checked: CheckedScript, inventory: Inventory, configured: ConfiguredPolicy, path: String,
                               options review: ReviewOptions, probing: ProbeRouting?,
                               outputPolicy: OutputPolicy) async throws -> ReviewedPlan {
        let outcome = Planner.plan(checked.script, source: checked.source, inventory: inventory,
                                   options: PlanningOptions(createdAt: Self.timestamp(), sourcePath: path))
        report(outcome.diagnostics, in: checked.source, policy: outputPolicy)
        if outcome.hasErrors {
            throw CommandFailure("the plan has errors; nothing was planned", exitCode: ExitCodes.scriptErrors)
        }
        let policy = try review.policy(configured: configured)
        let plan = if let probing { await DestinationProbing.probed(outcome.plan, routing: probing) } else { outcome.plan }
        // The review runs on this core while the other digests the changes.
        var report: ReviewReport?
        let sealed = await PlanFile.sealed(plan) { plan in
            let review = ReviewReport(plan: plan, policy: policy)
            report = review
            return review.recording(in: plan)
        }
        guard let report else { preconditionFailure("PlanFile.sealed runs its recording") }
        return ReviewedPlan(plan: sealed, review: report, script: checked, inventory: inventory)
    }

    /// Reads and checks a script; prints its diagnostics; fails with 65 when it has errors.
    static func checkScript(at path: String, policy: OutputPolicy) throws -> CheckedScript {
        let source: SourceFile
        switch CheckScripts.read(path) {
        case .success(let file): source = file
        case .failure(let problem): throw CommandFailure(problem.message)
        }
        let checked = Frontend.check(source)
        report(checked.diagnostics, in: source, policy: policy)
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

    static func report(_ diagnostics: [Diagnostic], in source: SourceFile, policy: OutputPolicy) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(policy: policy)
        Console.error(renderer.render(diagnostics, in: source))
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601)
    }
}

/// Work started on a thread of its own at once; `wait()` returns its outcome.
final class BackgroundWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Void, any Error> = .success(())

    init(_ work: @escaping @Sendable () throws -> Void) {
        Thread.detachNewThread { [self] in
            do { try work() } catch { outcome = .failure(error) }
            done.signal()
        }
    }

    func wait() throws {
        done.wait()
        try outcome.get()
    }
}
