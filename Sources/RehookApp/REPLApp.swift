import ArgumentParser
import Foundation
import RehookExecution
import RehookLanguage
import RehookModel
import RehookOutput
import RehookPlanning
import RehookREPL
import RehookReview
import RehookVendors

/// The REPL's access to the fleet: the inventory read once and cached (`:refresh` re-reads),
/// plans computed by the same planner and review as `rehook plan`, applies by the same engine
/// as `rehook apply` (journalled in `.rehook/runs/`).
public final class FleetREPLBackend: REPLBackend {
    private let fleet: Fleet
    private let stateDirectory: StateDirectory
    private let environment: [String: String]
    private let outputPolicy: OutputPolicy
    private let cache = InventoryCache()

    public init(fleet: Fleet, stateDirectory: StateDirectory, environment: [String: String], outputPolicy: OutputPolicy) {
        self.fleet = fleet
        self.stateDirectory = stateDirectory
        self.environment = environment
        self.outputPolicy = outputPolicy
    }

    public func accounts() async -> [REPLAccount] {
        fleet.members.map { REPLAccount(vendor: $0.account.vendor, name: $0.account.name) }
    }

    public func webhooks(refresh: Bool) async throws -> [Webhook] {
        try await inventory(refresh: refresh).webhooks
    }

    public func eventNames(for vendor: VendorID) async -> [String] {
        guard let inventory = try? await inventory(refresh: false) else { return [] }
        let names = inventory.accounts.filter { $0.vendor == vendor }.flatMap { $0.eventCatalogue ?? [] }
        return Array(Set(names)).sorted()
    }

    public func plan(_ script: CheckedScript) async throws -> REPLPlan {
        let inventory = try await inventory(refresh: false)
        try Task.checkCancellation()
        let outcome = Planner.plan(script.script, source: script.source, inventory: inventory,
                                   options: PlanningOptions(createdAt: PlanApp.timestamp()))
        let review = ReviewReport(plan: outcome.plan, policy: try fleet.policy.reviewPolicy())
        let plan = review.recording(in: outcome.plan)
        let options = RenderOptions(colorMode: outputPolicy.colorMode(for: .output))
        return REPLPlan(plan: plan, rendered: HumanPlanRenderer.render(plan, options: options),
                        renderedChanges: plan.changes.map { HumanPlanRenderer.renderChange($0, options: options) },
                        diagnostics: outcome.diagnostics)
    }

    /// Probes the plan's new destinations first, as `rehook apply` does: an unreachable one
    /// stops the apply before anything is sent.
    public func apply(_ plan: Plan) async throws -> String {
        let probe = await DestinationProbing.unreachable(
            plan.changes.compactMap(\.newURL), routing: DestinationProbing.routing(fleet: fleet, environment: environment))
        guard probe.problems.isEmpty else {
            throw CommandFailure((["\(probe.problems.count) of \(probe.probed) new destinations did not answer; nothing was applied:"]
                                  + probe.problems.map { "  \($0)" }).joined(separator: "\n"))
        }
        let concurrency = fleet.concurrencyByAccount
        let display = ProgressDisplay(mode: ProgressDisplay.mode(for: outputPolicy))
        let options = ExecutionOptions(concurrency: { concurrency[$0] }, onUpdate: { display.update($0) },
                                       run: RunOptions(probe: true))
        let executor = PlanExecutor(writer: FleetWriter(fleet: fleet, secrets: EnvironmentSecretResolver(environment: environment)),
                                    store: RunStore(stateDirectory: stateDirectory.url), options: options)
        let result: ExecutionResult
        do {
            result = try await executor.execute(plan)
        } catch {
            display.finish()
            throw error
        }
        display.finish()
        await cache.invalidate() // the next :plan sees what was applied
        return ApplyReport.summaryLines(result).joined(separator: "\n")
    }

    private func inventory(refresh: Bool) async throws -> Inventory {
        try await cache.inventory(refresh: refresh) { [fleet, outputPolicy] in
            try await InventoryReader.read(fleet, progress: ProgressDisplay(mode: ProgressDisplay.mode(for: outputPolicy)))
        }
    }

    /// Refuses new reads and waits for one in flight, so that no request is still running
    /// when the fleet (and an embedded sandbox) shuts down.
    public func drain() async {
        await cache.close()
    }
}

/// The inventory, read once and shared until refreshed.
private actor InventoryCache {
    private var current: Task<Inventory, any Error>?

    private var closed = false

    func inventory(refresh: Bool, read: @escaping @Sendable () async throws -> Inventory) async throws -> Inventory {
        if closed { throw CancellationError() }
        if refresh || current == nil { current = Task { try await read() } }
        guard let task = current else { throw CancellationError() }
        do {
            // Ctrl-C cancels the caller; the read stops with it, not seconds later.
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch {
            current = nil
            throw error
        }
    }

    func invalidate() { current = nil }

    func close() async {
        closed = true
        _ = try? await current?.value
    }
}

/// The `rehook repl` arguments, parsed by the command line and handed over whole.
public struct REPLArguments: ParsableArguments {
    @OptionGroup public var fleet: FleetOptions
    @OptionGroup public var output: OutputOptions

    public init() {}
}

/// `rehook repl`: an interactive session over the selected accounts (or `--sandbox`).
public enum REPLApp {
    public static func run(_ arguments: REPLArguments) async -> Int32 {
        let options = arguments.fleet
        let policy = arguments.output.policy(environment: options.environment)
        return await CommandRunner.run(outputPolicy: policy) {
            let fleet = try await Fleet.open(options)
            let backend = FleetREPLBackend(fleet: fleet, stateDirectory: options.stateDirectory, environment: options.environment,
                                           outputPolicy: policy)
            let status = await REPL.forStandardStreams(backend: backend, outputPolicy: policy).run()
            await backend.drain()
            do {
                try await fleet.close()
            } catch {
                let closing = CommandRunner.report(error, outputPolicy: policy)
                return status == ExitCodes.success ? closing : status
            }
            return status
        }
    }
}
