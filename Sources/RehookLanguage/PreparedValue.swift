import RehookModel

/// A value expression resolved once against an evaluator's constants, for evaluating it on many
/// webhooks (an action's new value).
///
/// A part that reads no field is computed once (a `let`, an interpolation of constants, a call on
/// constants); a builtin call evaluates its prepared arguments; a field is read directly.
/// Everything else, and a constant part whose evaluation fails, goes to `Evaluator.evaluate` on
/// the original expression, so values and runtime errors are exactly those of the expression.
public struct PreparedValue: Sendable {
    let root: Node

    indirect enum Node: Sendable {
        case constant(Value)
        case field(FieldName)
        case call(Builtin, [Node], whole: Expression, arguments: [Expression])
        case general(Expression)
    }
}

extension Evaluator {
    /// `expression` prepared against this evaluator's variables (which must not change afterwards).
    public func prepare(value expression: Expression) -> PreparedValue {
        PreparedValue(root: valueNode(expression))
    }

    /// The value of `value` for `webhook`; the same as `evaluate` on the expression it was prepared from.
    public func evaluate(_ value: PreparedValue, webhook: Webhook) throws(RuntimeError) -> Value {
        try evaluate(value.root, webhook)
    }

    private func evaluate(_ node: PreparedValue.Node, _ webhook: Webhook) throws(RuntimeError) -> Value {
        switch node {
        case .constant(let value):
            return value
        case .field(let field):
            return webhook[field].map(Value.init) ?? .null
        case .call(let builtin, let argumentNodes, let whole, let arguments):
            var values: [Value] = []
            values.reserveCapacity(argumentNodes.count)
            for argument in argumentNodes { values.append(try evaluate(argument, webhook)) }
            return try Builtins.call(builtin, values, at: whole.range, arguments: arguments)
        case .general(let expression):
            return try evaluate(expression, webhook: webhook)
        }
    }

    private func valueNode(_ expression: Expression) -> PreparedValue.Node {
        if !Self.readsFields(expression), let value = try? evaluate(expression, webhook: nil) {
            return .constant(value)
        }
        switch expression.kind {
        case .field(let field): return .field(field)
        case .call(let builtin, let arguments): return .call(builtin, arguments.map(valueNode), whole: expression, arguments: arguments)
        default: return .general(expression)
        }
    }

    /// Whether evaluating `expression` reads a field of the webhook.
    private static func readsFields(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .field: true
        case .string, .integer, .boolean, .allEvents, .variable, .invalid: false
        case .list(let elements): elements.contains(where: readsFields)
        case .interpolation(let parts):
            parts.contains { if case .expression(let part) = $0 { readsFields(part) } else { false } }
        case .call(_, let arguments): arguments.contains(where: readsFields)
        case .not(let operand): readsFields(operand)
        case .binary(_, let left, let right): readsFields(left) || readsFields(right)
        }
    }
}
