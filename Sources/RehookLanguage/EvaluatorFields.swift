import RehookModel

extension Evaluator {
    /// The value `assignment` writes to `webhook`: evaluated against the webhook, converted to
    /// the type the webhook's vendor uses for the field, and checked against the vendor's
    /// documented limits (range, enum, https, length, closed event set).
    public func newValue(of assignment: FieldAssignment, for webhook: Webhook) throws(RuntimeError) -> FieldValue {
        let field = assignment.field
        guard let spec = VendorSchema.of(webhook.vendor).spec(field), spec.settable else {
            throw RuntimeError("\(webhook.vendor.displayName) cannot set '\(field)'", at: assignment.fieldRange)
        }
        let value = try evaluate(assignment.value, webhook: webhook)
        if value == .allEvents && !VendorSchema.of(webhook.vendor).supportsAllEvents {
            throw RuntimeError("\(webhook.vendor.displayName) has no \"all events\" setting", at: assignment.value.range)
        }
        guard let fieldValue = value.fieldValue(for: spec.type) else {
            throw RuntimeError("'\(field)' needs a \(spec.type), got \(value.articledType)", at: assignment.value.range)
        }
        if let violation = FieldRules.violations(of: value, for: spec, at: webhook.vendor).first {
            throw RuntimeError(violation.message, at: assignment.value.range)
        }
        return fieldValue
    }

    /// The event names an `add events` / `remove events` list evaluates to for `webhook`,
    /// checked against the vendor's closed event set where it has one.
    public func eventNames(_ list: Expression, for webhook: Webhook) throws(RuntimeError) -> [String] {
        let value = try evaluate(list, webhook: webhook)
        guard let names = value.stringElements else {
            throw RuntimeError("expected a list of event names, got \(value.articledType)", at: list.range)
        }
        if let violation = FieldRules.eventViolations(names, at: webhook.vendor).first {
            throw RuntimeError(violation.message, at: list.range)
        }
        return names
    }
}
