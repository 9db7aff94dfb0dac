import RehookModel

/// A compact s-expression dump of the AST, stable enough for parser tests:
/// `(rule (vendors heygen jogg) (where (starts-with (field url) "https://old")) (set (url ...)))`.
public enum SExpression {
    public static func dump(_ script: Script) -> String {
        script.statements.map(dump).joined(separator: "\n")
    }

    public static func dump(_ statement: Statement) -> String {
        switch statement {
        case .let(let binding):
            return "(let \(binding.name) \(dump(binding.value)))"
        case .rule(let rule):
            var parts = ["rule", "(vendors" + rule.vendors.map { " \($0.rawValue)" }.joined() + ")"]
            if let condition = rule.condition { parts.append("(where \(dump(condition)))") }
            parts += rule.actions.map(dump)
            return "(" + parts.joined(separator: " ") + ")"
        }
    }

    public static func dump(_ action: Action) -> String {
        switch action.kind {
        case .set(let assignments):
            "(set" + assignments.map { " (\($0.field.rawValue) \(dump($0.value)))" }.joined() + ")"
        case .addEvents(let list): "(add-events \(dump(list)))"
        case .removeEvents(let list): "(remove-events \(dump(list)))"
        case .enable: "(enable)"
        case .disable: "(disable)"
        }
    }

    public static func dump(_ expression: Expression) -> String {
        switch expression.kind {
        case .string(let string): Value.quoted(string)
        case .integer(let integer): String(integer)
        case .boolean(let bool): String(bool)
        case .allEvents: "all"
        case .list(let elements): "(list" + elements.map { " " + dump($0) }.joined() + ")"
        case .interpolation(let parts):
            "(interpolate" + parts.map { part in
                switch part {
                case .text(let text): " " + Value.quoted(text)
                case .expression(let inner): " " + dump(inner)
                }
            }.joined() + ")"
        case .variable(let name): "(var \(name))"
        case .field(let field): "(field \(field.rawValue))"
        case .call(let builtin, let arguments): "(call \(builtin.rawValue)" + arguments.map { " " + dump($0) }.joined() + ")"
        case .not(let operand): "(not \(dump(operand)))"
        case .binary(let op, let left, let right): "(\(op.symbol) \(dump(left)) \(dump(right)))"
        case .invalid: "(invalid)"
        }
    }
}
