import Foundation
import RehookLanguage
import RehookModel

/// What a plan records besides the changes.
public struct PlanningOptions: Sendable {
    /// ISO 8601 time the plan is made (injected, so plans are reproducible in tests).
    public var createdAt: String
    /// The script path recorded in the plan; `nil` records the `SourceFile`'s own path.
    public var sourcePath: String?
    /// Evaluate accounts on several threads (the result is identical either way).
    public var parallel: Bool

    public init(createdAt: String, sourcePath: String? = nil, parallel: Bool = true) {
        self.createdAt = createdAt
        self.sourcePath = sourcePath
        self.parallel = parallel
    }
}

/// A plan and everything found while computing it.
public struct PlanningOutcome: Sendable {
    /// The changes of every webhook that planned cleanly. Webhooks with a plan-time error
    /// get no change.
    public var plan: Plan
    /// Plan-time errors and warnings, sorted by position; each distinct problem is reported
    /// once per source location with the number of webhooks it affects.
    public var diagnostics: [Diagnostic]

    /// At least one diagnostic is an error: the plan is incomplete and must not be applied
    /// (the app exits 65).
    public var hasErrors: Bool { diagnostics.hasErrors }

    public init(plan: Plan, diagnostics: [Diagnostic]) {
        self.plan = plan
        self.diagnostics = diagnostics
    }
}

/// The interpreter: runs a checked script's rules over a working copy of the inventory and
/// turns the difference between the final and the live state into a `Plan`.
///
/// Semantics (docs/planning.md): `let`s are evaluated once, in order; rules apply in order,
/// each seeing the effects of the rules before it; within a rule, actions apply in order.
/// Only fields whose final value differs from the live value become changes.
public enum Planner {
    /// Vendors any rule can touch (so the app only reads those accounts).
    public static func vendors(touchedBy script: Script) -> Set<VendorID> {
        Set(script.rules.flatMap(\.vendors))
    }

    /// Plans `script` (already checked without errors) against `inventory`.
    public static func plan(_ script: Script, source: SourceFile, inventory: Inventory,
                            options: PlanningOptions) -> PlanningOutcome {
        let planSource = PlanSource(path: options.sourcePath ?? source.path, digest: StableDigest.hex(of: source.text))
        let evaluator: Evaluator
        do {
            evaluator = try Evaluator(script: script)
        } catch {
            return PlanningOutcome(plan: Plan(createdAt: options.createdAt, source: planSource, changes: [], unchangedMatches: 0),
                                   diagnostics: [error.diagnostic])
        }
        let rules = RuleSet(script: script, evaluator: evaluator)
        let units = WorkUnit.split(inventory, maximumSize: 2_048)
        let results = ConcurrentMap.map(count: units.count, parallel: options.parallel && units.count > 1) { index in
            units[index].evaluate(rules, inventory: inventory)
        }
        var unchangedMatches = 0
        var problems = ProblemLog()
        for result in results {
            unchangedMatches += result.unchangedMatches
            problems.merge(result.problems)
        }
        let changes = ChangeAssembly.inKeyOrder(results, of: units, in: inventory, parallel: options.parallel)
        let plan = Plan(createdAt: options.createdAt, source: planSource, changes: changes,
                        unchangedMatches: unchangedMatches)
        return PlanningOutcome(plan: plan, diagnostics: problems.diagnostics())
    }
}

/// The rules that apply to each vendor, in script order, with their conditions prepared once,
/// and the evaluator holding the `let`s.
struct RuleSet: Sendable {
    let evaluator: Evaluator
    private let byVendor: [VendorID: [PreparedRule]]

    init(script: Script, evaluator: Evaluator) {
        self.evaluator = evaluator
        var byVendor: [VendorID: [PreparedRule]] = [:]
        for rule in script.rules {
            let prepared = PreparedRule(condition: rule.condition.map(evaluator.prepare),
                                        actions: rule.actions.map { PreparedAction($0, evaluator: evaluator) })
            for vendor in rule.vendors { byVendor[vendor, default: []].append(prepared) }
        }
        self.byVendor = byVendor
    }

    func rules(for vendor: VendorID) -> [PreparedRule] { byVendor[vendor] ?? [] }
}

/// What planning needs of a rule, with its condition and values prepared for many webhooks.
/// Two references only: each webhook's run takes a copy of every rule of its vendor.
struct PreparedRule: Sendable {
    let condition: PreparedCondition?
    let actions: [PreparedAction]
}

/// An action and its value expressions prepared: one per assignment of a `set`, the list of an
/// `add events` or `remove events`.
struct PreparedAction: Sendable {
    let action: Action
    let values: [PreparedValue]

    init(_ action: Action, evaluator: Evaluator) {
        self.action = action
        values = switch action.kind {
        case .set(let assignments): assignments.map { evaluator.prepare(value: $0.value) }
        case .addEvents(let expression), .removeEvents(let expression): [evaluator.prepare(value: expression)]
        case .enable, .disable: []
        }
    }
}

/// A contiguous run of one account's webhooks, evaluated as one task.
struct WorkUnit: Sendable {
    let accountIndex: Int
    let webhooks: Range<Int>

    static func split(_ inventory: Inventory, maximumSize: Int) -> [WorkUnit] {
        var units: [WorkUnit] = []
        for (accountIndex, account) in inventory.accounts.enumerated() {
            var start = 0
            while start < account.webhooks.count {
                let end = min(start + maximumSize, account.webhooks.count)
                units.append(WorkUnit(accountIndex: accountIndex, webhooks: start..<end))
                start = end
            }
        }
        return units
    }

    func evaluate(_ rules: RuleSet, inventory: Inventory) -> WorkResult {
        let account = inventory.accounts[accountIndex]
        let vendorRules = rules.rules(for: account.vendor)
        var result = WorkResult()
        guard !vendorRules.isEmpty else { return result }
        let context = AccountContext(account)
        // The rules are borrowed through a buffer: iterating the array copied each rule per
        // webhook, retaining and releasing every reference it holds, from both threads at once.
        vendorRules.withUnsafeBufferPointer { vendorRules in
            for index in webhooks {
                let live = account.webhooks[index]
                var run = WebhookRun(live: live)
                for ruleIndex in vendorRules.indices {
                    run.apply(vendorRules[ruleIndex], evaluator: rules.evaluator, context: context, log: &result.problems)
                }
                switch run.outcome(context: context) {
                case .unmatched, .failed: break
                case .unchanged: result.unchangedMatches += 1
                case .changed(let fields):
                    result.changes.append(PlannedChange(before: live, fields: fields))
                }
            }
        }
        return result
    }
}

/// What one work unit found.
struct WorkResult: Sendable {
    var changes: [PlannedChange] = []
    var unchangedMatches = 0
    var problems = ProblemLog()
}

/// `map` over `0..<count`, on all cores when `parallel`; results keep index order.
enum ConcurrentMap {
    static func map<Result: Sendable>(count: Int, parallel: Bool, _ transform: @Sendable (Int) -> Result) -> [Result] {
        guard parallel else { return (0..<count).map(transform) }
        let slots = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.store(transform(index), at: index)
        }
        return slots.values
    }
}

/// Results written once per index from several threads.
private final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var slots: [Result?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result, at index: Int) {
        lock.withLock { slots[index] = result }
    }

    var values: [Result] { lock.withLock { slots.compactMap { $0 } } }
}
