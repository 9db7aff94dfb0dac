import RehookModel

/// A condition resolved once against an evaluator's constants, for testing it on many webhooks.
///
/// The common shapes (a field compared with a literal or `let` constant, `events has …` with
/// constant names, a boolean field, and `and` / `or` / `not` of those) are tested without
/// building `Value`s. Everything else, and every case a shape does not cover (a missing field,
/// a field of another type), goes to `Evaluator.test`'s general path on the original
/// expression, so results and runtime errors are exactly those of the expression itself.
public struct PreparedCondition: Sendable {
    let root: Node

    indirect enum Node: Sendable {
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
        /// `field op "text"`, for the operators `StringTest` lists.
        case string(FieldName, StringTest, String, whole: Expression)
        /// `field op 42`, for the ordering and equality operators.
        case integer(FieldName, BinaryOperator, Int, whole: Expression)
        /// A field used as a condition (`enabled`).
        case boolean(FieldName, whole: Expression)
        /// `events has "name"`, `events has any [...]`, `events has all [...]` with constant names.
        case events(BinaryOperator, [String])
        case general(Expression)
    }

    /// How a string field is compared with a constant string.
    enum StringTest: Sendable {
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case contains, startsWith, endsWith
        case matches(CompiledPattern)
    }
}

extension Evaluator {
    /// `condition` prepared against this evaluator's variables (which must not change afterwards).
    public func prepare(_ condition: Expression) -> PreparedCondition {
        PreparedCondition(root: node(condition))
    }

    /// Whether `webhook` meets `condition`; the same as `test` on the expression it was prepared from.
    public func test(_ condition: PreparedCondition, on webhook: Webhook) throws(RuntimeError) -> Bool {
        try test(condition.root, webhook)
    }

    private func test(_ node: PreparedCondition.Node, _ webhook: Webhook) throws(RuntimeError) -> Bool {
        switch node {
        case .and(let left, let right):
            guard try test(left, webhook) else { return false }
            return try test(right, webhook)
        case .or(let left, let right):
            if try test(left, webhook) { return true }
            return try test(right, webhook)
        case .not(let operand):
            return !(try test(operand, webhook))
        case .string(let field, let comparison, let literal, let whole):
            guard let result = Self.compare(field, comparison, literal, webhook) else { return try test(whole, on: webhook) }
            return result
        case .integer(let field, let op, let literal, let whole):
            guard case .int(let value)? = webhook[field] else { return try test(whole, on: webhook) }
            switch op {
            case .equal: return value == literal
            case .notEqual: return value != literal
            case .less: return value < literal
            case .lessOrEqual: return value <= literal
            case .greater: return value > literal
            default: return value >= literal
            }
        case .boolean(let field, let whole):
            switch webhook[field] {
            case .bool(let value)?: return value
            case nil: return false
            default: return try test(whole, on: webhook)
            }
        case .events(let op, let wanted):
            guard let names = webhook.events.names else { return true }
            switch op {
            case .has: return names.contains(wanted[0])
            case .hasAny: return wanted.contains(where: names.contains)
            default: return wanted.allSatisfy(names.contains)
            }
        case .general(let expression):
            return try test(expression, on: webhook)
        }
    }

    /// `field comparison literal` when the field holds a string; nil otherwise.
    private static func compare(_ field: FieldName, _ comparison: PreparedCondition.StringTest, _ literal: String,
                                _ webhook: Webhook) -> Bool? {
        if field == .url { return compare(webhook.url, comparison, literal) }
        guard case .string(let text)? = webhook[field] else { return nil }
        return compare(text, comparison, literal)
    }

    private static func compare(_ text: String, _ comparison: PreparedCondition.StringTest, _ literal: String) -> Bool {
        switch comparison {
        case .equal: text == literal
        case .notEqual: text != literal
        case .less: text < literal
        case .lessOrEqual: text <= literal
        case .greater: text > literal
        case .greaterOrEqual: text >= literal
        case .contains: Builtins.contains(text, literal)
        case .startsWith: Builtins.hasPrefix(text, literal)
        case .endsWith: Builtins.hasSuffix(text, literal)
        case .matches(let pattern): pattern.matches(text)
        }
    }

    private func node(_ expression: Expression) -> PreparedCondition.Node {
        switch expression.kind {
        case .not(let operand):
            return .not(node(operand))
        case .field(let field):
            return .boolean(field, whole: expression)
        case .binary(.and, let left, let right):
            return .and(node(left), node(right))
        case .binary(.or, let left, let right):
            return .or(node(left), node(right))
        case .binary(let op, let left, let right):
            guard case .field(let field) = left.kind, let constant = constant(right) else { break }
            return comparison(op, field, constant, expression) ?? .general(expression)
        default: break
        }
        return .general(expression)
    }

    private func comparison(_ op: BinaryOperator, _ field: FieldName, _ constant: Value,
                            _ whole: Expression) -> PreparedCondition.Node? {
        switch (op, constant) {
        case (.has, .string(let name)) where field == .events:
            return .events(op, [name])
        case (.hasAny, .list), (.hasAll, .list):
            guard field == .events, let names = constant.stringElements else { return nil }
            return .events(op, names)
        case (.equal, .integer(let literal)), (.notEqual, .integer(let literal)), (.less, .integer(let literal)),
             (.lessOrEqual, .integer(let literal)), (.greater, .integer(let literal)), (.greaterOrEqual, .integer(let literal)):
            return .integer(field, op, literal, whole: whole)
        case (_, .string(let literal)):
            guard let test = Self.stringTest(op, whole) else { return nil }
            return .string(field, test, literal, whole: whole)
        default:
            return nil
        }
    }

    private static func stringTest(_ op: BinaryOperator, _ whole: Expression) -> PreparedCondition.StringTest? {
        switch op {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .contains: .contains
        case .startsWith: .startsWith
        case .endsWith: .endsWith
        case .matches: whole.compiledPattern.map(PreparedCondition.StringTest.matches)
        default: nil
        }
    }

    /// The value of a literal or of a defined `let`.
    private func constant(_ expression: Expression) -> Value? {
        if let literal = expression.literalValue { return literal }
        if case .variable(let name) = expression.kind { return variables[name] }
        return nil
    }
}
