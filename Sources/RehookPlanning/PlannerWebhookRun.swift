import RehookLanguage
import RehookModel

/// What the rules need to know about the account a webhook lives in.
struct AccountContext: Sendable {
    let vendor: VendorID
    let account: String
    let schema: VendorSchema
    /// Event names that may be used; `nil` when unknown (live catalogue not fetched).
    let catalogue: Set<String>?
    /// The catalogue's names in the vendor's order, for messages.
    let catalogueList: [String]
    /// Fields a rule can change and the vendor reveals, compared final against live.
    let comparedFields: [FieldName]

    init(_ inventory: AccountInventory) {
        vendor = inventory.vendor
        account = inventory.account
        let schema = VendorSchema.of(inventory.vendor)
        self.schema = schema
        switch schema.eventCatalogue {
        case .closed(let names): catalogueList = names
        case .live: catalogueList = inventory.eventCatalogue ?? []
        }
        catalogue = if case .live = schema.eventCatalogue, inventory.eventCatalogue == nil { nil } else { Set(catalogueList) }
        comparedFields = schema.settableFields.filter { schema.spec($0)?.readable == true }
    }
}

/// What planning decided for one webhook.
enum WebhookOutcome {
    /// No rule matched it.
    case unmatched
    /// Matched, but its final state equals its live state.
    case unchanged
    /// Matched, and these fields change (in no particular order).
    case changed([FieldChange])
    /// A plan-time error: it gets no change.
    case failed
}

/// One webhook's working copy while the rules run over it.
struct WebhookRun {
    let live: Webhook
    /// The working copy; later rules read what earlier ones wrote.
    private(set) var current: Webhook
    /// Values set for fields the vendor never reveals (secret references included). Kept
    /// apart from `current` so that nothing unrevealed can reach a before-snapshot.
    private(set) var unrevealed: [FieldName: FieldValue] = [:]
    private(set) var matched = false
    private(set) var failed = false
    /// Bit `i` is set once a rule stored a value of `AccountContext.comparedFields[i]`; the
    /// fields no rule wrote still hold their live values and need no comparing.
    private var written: UInt64 = 0

    init(live: Webhook) {
        self.live = live
        self.current = live
    }

    /// Applies `rule` if its condition holds on the working copy. The first problem stops the
    /// rule for this webhook and marks the webhook failed; warnings do not.
    mutating func apply(_ rule: PreparedRule, evaluator: Evaluator, context: AccountContext, log: inout ProblemLog) {
        do throws(PlanTimeProblem) {
            if let condition = rule.condition {
                guard try PlanTimeProblem.catching({ () throws(RuntimeError) in try evaluator.test(condition, on: current) })
                else { return }
            }
            matched = true
            for action in rule.actions {
                try perform(action, evaluator: evaluator, context: context, log: &log)
            }
        } catch {
            failed = true
            log.record(error, webhook: live.key)
        }
    }

    private mutating func perform(_ prepared: PreparedAction, evaluator: Evaluator, context: AccountContext,
                                  log: inout ProblemLog) throws(PlanTimeProblem) {
        let action = prepared.action
        switch action.kind {
        case .set(let assignments):
            for (index, assignment) in assignments.enumerated() {
                let range = assignment.value.range
                let spec = try settableSpec(assignment.field, context: context, at: assignment.fieldRange)
                let value = try evaluate(prepared.values[index], evaluator)
                guard let fieldValue = value.fieldValue(for: spec.type) else {
                    throw PlanTimeProblem(.error, at: range, category: "type",
                                          "'\(spec.name)' needs a \(spec.type), but the computed value is a \(value.typeName)")
                }
                try store(fieldValue, spec: spec, context: context, at: range)
            }
        case .addEvents(let expression):
            let spec = try settableSpec(.events, context: context, at: action.range)
            let value = try evaluate(prepared.values[0], evaluator)
            let events = try EventEditing.adding(value, to: current.events, at: expression.range, context: context)
            try store(.events(events), spec: spec, context: context, at: expression.range,
                      writtenEvents: value.stringElements ?? [])
        case .removeEvents(let expression):
            let spec = try settableSpec(.events, context: context, at: action.range)
            let value = try evaluate(prepared.values[0], evaluator)
            let events = try EventEditing.removing(value, from: current.events, at: expression.range, context: context,
                                                   log: &log, webhook: live.key)
            try store(.events(events), spec: spec, context: context, at: expression.range, writtenEvents: [])
        case .enable, .disable:
            let spec = try settableSpec(.enabled, context: context, at: action.range)
            let enabled = if case .enable = action.kind { true } else { false }
            try store(.bool(enabled), spec: spec, context: context, at: action.range)
        }
    }

    private func evaluate(_ value: PreparedValue, _ evaluator: Evaluator) throws(PlanTimeProblem) -> Value {
        try PlanTimeProblem.catching { () throws(RuntimeError) in try evaluator.evaluate(value, webhook: current) }
    }

    /// The vendor's spec of `field`, which its update call must be able to change (the
    /// checker already rejects other fields; this keeps the planner safe on its own).
    private func settableSpec(_ field: FieldName, context: AccountContext, at range: SourceRange) throws(PlanTimeProblem) -> FieldSpec {
        guard let spec = context.schema.spec(field), spec.settable else {
            throw PlanTimeProblem(.error, at: range, category: "not-settable",
                                  "\(context.vendor.displayName) cannot set '\(field)' through its API")
        }
        return spec
    }

    /// Checks and stores one field value. `writtenEvents` limits the event-catalogue check to
    /// the names the script wrote (events the webhook already has are not re-judged); `nil`
    /// checks every name of an events value.
    private mutating func store(_ value: FieldValue, spec: FieldSpec, context: AccountContext, at range: SourceRange,
                                writtenEvents: [String]? = nil) throws(PlanTimeProblem) {
        try PlanTimeChecks.check(value, spec: spec, context: context, at: range)
        if case .events(let selection) = value {
            try PlanTimeChecks.checkCatalogue(writtenEvents ?? selection.names ?? [], context: context, at: range)
        }
        if spec.readable {
            current[spec.name] = value
            if let index = context.comparedFields.firstIndex(of: spec.name) { written |= 1 << index }
        } else {
            unrevealed[spec.name] = value
        }
    }

    /// The final state against the live one.
    func outcome(context: AccountContext) -> WebhookOutcome {
        guard !failed else { return .failed }
        guard matched else { return .unmatched }
        var changes: [FieldChange] = []
        for (index, field) in context.comparedFields.enumerated() where written & (1 << index) != 0 {
            guard let after = current[field] else { continue }
            let before = live[field]
            if !Self.same(before, after) { changes.append(FieldChange(field: field, before: before, after: after)) }
        }
        for (field, after) in unrevealed {
            changes.append(FieldChange(field: field, before: nil, beforeKnown: false, after: after))
        }
        return changes.isEmpty ? .unchanged : .changed(changes)
    }

    /// Equal values; event lists compare as sets, since vendors store sets.
    static func same(_ before: FieldValue?, _ after: FieldValue) -> Bool {
        if case .events(.list(let old))? = before, case .events(.list(let new)) = after {
            return old == new || Set(old) == Set(new)
        }
        return before == after
    }
}

extension PlanTimeProblem {
    /// Runs `body`, turning a runtime error into a problem at the failing expression.
    static func catching<T>(_ body: () throws(RuntimeError) -> T) throws(PlanTimeProblem) -> T {
        do {
            return try body()
        } catch {
            throw PlanTimeProblem(.error, at: error.range, category: "runtime", error.message)
        }
    }
}
