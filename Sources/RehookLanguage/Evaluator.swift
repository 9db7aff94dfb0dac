import RehookModel

/// Evaluates expressions against constant variables and, inside rules, the webhook a rule is
/// looking at. Safe to share across threads; constant regexes are compiled once at parse time,
/// other patterns once per distinct pattern.
public struct Evaluator: Sendable {
    /// Values of the script's `let`s (and the REPL session's).
    public var variables: [String: Value]
    private let patternCache = PatternCache()

    public init(variables: [String: Value] = [:]) {
        self.variables = variables
    }

    /// An evaluator with every `let` of `script` evaluated in order.
    public init(script: Script, variables: [String: Value] = [:]) throws(RuntimeError) {
        self.init(variables: variables)
        for binding in script.bindings {
            self.variables[binding.name] = try evaluate(binding.value, webhook: nil)
        }
    }

    /// Whether `webhook` meets `condition` (a missing field counts as false).
    public func test(_ condition: Expression, on webhook: Webhook) throws(RuntimeError) -> Bool {
        try truth(condition, webhook)
    }

    /// The value of `expression`; `webhook` provides field values (nil outside rules).
    public func evaluate(_ expression: Expression, webhook: Webhook?) throws(RuntimeError) -> Value {
        if let literal = expression.literalValue { return literal }
        switch expression.kind {
        case .string(let string): return .string(string)
        case .integer(let integer): return .integer(integer)
        case .boolean(let bool): return .boolean(bool)
        case .allEvents: return .allEvents
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element, webhook: webhook)) }
            return .list(values)
        case .interpolation(let parts):
            return .string(try interpolate(parts, webhook))
        case .variable(let name):
            guard let value = variables[name] else { throw RuntimeError("undefined variable '\(name)'", at: expression.range) }
            return value
        case .field(let field):
            guard let webhook else {
                throw RuntimeError("field '\(field)' can only be read inside a rule", at: expression.range)
            }
            return webhook[field].map(Value.init) ?? .null
        case .call(let builtin, let arguments):
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument, webhook: webhook)) }
            return try Builtins.call(builtin, values, at: expression.range, arguments: arguments)
        case .not(let operand):
            return .boolean(!(try truth(operand, webhook)))
        case .binary(let op, let left, let right):
            return .boolean(try binary(op, left, right, expression, webhook))
        case .invalid:
            throw RuntimeError("the script has errors", at: expression.range)
        }
    }

    /// A condition's truth: booleans as they are, a missing field as false, anything else an error.
    private func truth(_ expression: Expression, _ webhook: Webhook?) throws(RuntimeError) -> Bool {
        switch try evaluate(expression, webhook: webhook) {
        case .boolean(let bool): return bool
        case .null: return false
        case let other: throw RuntimeError("expected a condition (boolean), got \(other.articledType)", at: expression.range)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ whole: Expression,
                        _ webhook: Webhook?) throws(RuntimeError) -> Bool {
        switch op {
        case .and:
            guard try truth(left, webhook) else { return false }
            return try truth(right, webhook)
        case .or:
            if try truth(left, webhook) { return true }
            return try truth(right, webhook)
        case .has, .hasAny, .hasAll:
            if case .field(.events) = left.kind, let webhook {
                return try membership(op, webhook.events.names, right, webhook)
            }
        default: break
        }
        let lhs = try evaluate(left, webhook: webhook)
        let rhs = try evaluate(right, webhook: webhook)
        switch (op, lhs, rhs) {
        case (.equal, _, _): return lhs == rhs
        case (.notEqual, _, _): return lhs != rhs
        case (.less, .integer(let a), .integer(let b)): return a < b
        case (.lessOrEqual, .integer(let a), .integer(let b)): return a <= b
        case (.greater, .integer(let a), .integer(let b)): return a > b
        case (.greaterOrEqual, .integer(let a), .integer(let b)): return a >= b
        case (.less, .string(let a), .string(let b)): return a < b
        case (.lessOrEqual, .string(let a), .string(let b)): return a <= b
        case (.greater, .string(let a), .string(let b)): return a > b
        case (.greaterOrEqual, .string(let a), .string(let b)): return a >= b
        case (.contains, .string(let a), .string(let b)): return Builtins.contains(a, b)
        case (.contains, .list(let items), _): return items.contains(rhs)
        case (.startsWith, .string(let a), .string(let b)): return Builtins.hasPrefix(a, b)
        case (.endsWith, .string(let a), .string(let b)): return Builtins.hasSuffix(a, b)
        case (.in, _, .list(let items)): return items.contains(lhs)
        case (.has, .allEvents, _), (.hasAny, .allEvents, .list), (.hasAll, .allEvents, .list): return true
        case (.has, .list(let items), _): return items.contains(rhs)
        case (.hasAny, .list(let items), .list(let wanted)): return wanted.contains(where: items.contains)
        case (.hasAll, .list(let items), .list(let wanted)): return wanted.allSatisfy(items.contains)
        case (.matches, .string(let text), .string(let pattern)):
            let compiled: CompiledPattern
            if let constant = whole.compiledPattern {
                compiled = constant
            } else {
                do { compiled = try patternCache.pattern(pattern) } catch {
                    throw RuntimeError("invalid regular expression: \(error.reason)", at: right.range)
                }
            }
            return compiled.matches(text)
        case (_, .null, _):
            return false
        default:
            throw RuntimeError("'\(op.rawValue)' cannot compare \(lhs.articledType) with \(rhs.articledType)", at: whole.range)
        }
    }

    /// `events has ...` on the webhook's own events without building a list of values;
    /// `names` is nil for "all events".
    private func membership(_ op: BinaryOperator, _ names: [String]?, _ right: Expression,
                            _ webhook: Webhook) throws(RuntimeError) -> Bool {
        let wanted = try evaluate(right, webhook: webhook)
        guard let names else { return true }
        switch (op, wanted) {
        case (.has, .string(let name)): return names.contains(name)
        case (.hasAny, .list(let list)) where list.allSatisfy(Self.isString):
            return list.contains { if case .string(let name) = $0 { names.contains(name) } else { false } }
        case (.hasAll, .list(let list)) where list.allSatisfy(Self.isString):
            return list.allSatisfy { if case .string(let name) = $0 { names.contains(name) } else { false } }
        default: break
        }
        throw RuntimeError("'events \(op.rawValue)' needs \(op == .has ? "an event name" : "a list of event names"), got \(wanted.articledType)",
                           at: right.range)
    }

    private static func isString(_ value: Value) -> Bool {
        if case .string = value { return true }
        return false
    }

    private func interpolate(_ parts: [InterpolationPart], _ webhook: Webhook?) throws(RuntimeError) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .expression(let expression):
                switch try evaluate(expression, webhook: webhook) {
                case .string(let string): result += string
                case .integer(let integer): result += String(integer)
                case .boolean(let bool): result += String(bool)
                case .null: break
                case let other:
                    throw RuntimeError("cannot interpolate \(other.articledType) into a string", at: expression.range)
                }
            }
        }
        return result
    }
}
