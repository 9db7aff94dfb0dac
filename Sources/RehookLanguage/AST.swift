import RehookModel

/// A parsed script: statements in source order.
public struct Script: Sendable {
    public var statements: [Statement]

    public init(statements: [Statement]) {
        self.statements = statements
    }

    /// The rules, in order.
    public var rules: [Rule] {
        statements.compactMap { if case .rule(let rule) = $0 { rule } else { nil } }
    }

    /// The `let` bindings, in order.
    public var bindings: [LetBinding] {
        statements.compactMap { if case .let(let binding) = $0 { binding } else { nil } }
    }
}

/// A top-level statement.
public enum Statement: Sendable {
    case `let`(LetBinding)
    case rule(Rule)

    public var range: SourceRange {
        switch self {
        case .let(let binding): binding.range
        case .rule(let rule): rule.range
        }
    }
}

/// `let name = expr`: a constant, evaluated once, visible to every later statement.
public struct LetBinding: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var value: Expression
    public var range: SourceRange
}

/// `for vendor v1, v2 [where condition] actions`.
public struct Rule: Sendable {
    /// The vendors the rule applies to, `*` expanded, without duplicates, in the order written.
    public var vendors: [VendorID]
    public var vendorsRange: SourceRange
    /// The condition a webhook must meet; nil matches every webhook of the vendors.
    public var condition: Expression?
    public var actions: [Action]
    public var range: SourceRange
}

/// One action of a rule.
public struct Action: Sendable {
    public enum Kind: Sendable {
        /// `set field expr [field expr ...]`, applied left to right.
        case set([FieldAssignment])
        /// `add events [...]`: adds the events not already present, keeping order.
        case addEvents(Expression)
        /// `remove events [...]`.
        case removeEvents(Expression)
        case enable
        case disable
    }

    public var kind: Kind
    public var range: SourceRange
}

/// `field expr` inside a `set` action.
public struct FieldAssignment: Sendable {
    public var field: FieldName
    public var fieldRange: SourceRange
    public var value: Expression
}

/// Binary operators, from lowest to highest precedence group: `or`, `and`, then comparisons.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!="
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains
    case startsWith = "starts with", endsWith = "ends with"
    case `in`
    /// `list has item`
    case has
    case hasAny = "has any", hasAll = "has all"
    case matches

    /// The name used in the s-expression dump.
    var symbol: String { rawValue.replacingOccurrences(of: " ", with: "-") }
}

/// The builtin functions.
public enum Builtin: String, Sendable, Hashable, CaseIterable {
    case replace, lower, upper, trim, host, path
    case withHost = "with_host"
    case env, file

    /// The number of arguments the function takes.
    public var arity: Int {
        switch self {
        case .replace: 3
        case .withHost: 2
        case .lower, .upper, .trim, .host, .path, .env, .file: 1
        }
    }

    /// Call syntax for messages, e.g. `replace(s, old, new)`.
    public var signature: String {
        switch self {
        case .replace: "replace(string, old, new)"
        case .withHost: "with_host(url, host)"
        case .host, .path: "\(rawValue)(url)"
        case .env: "env(\"VARIABLE\")"
        case .file: "file(\"path\")"
        case .lower, .upper, .trim: "\(rawValue)(string)"
        }
    }
}

/// An expression (values and conditions share one grammar), with its source range.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case string(String)
        /// `"text ${expr} text"`
        case interpolation([InterpolationPart])
        case integer(Int)
        case boolean(Bool)
        /// `all`: every event (HeyGen's `events: null`).
        case allEvents
        case list([Expression])
        /// A `let` name (resolved before fields).
        case variable(String)
        /// A webhook field, read from the webhook the rule is looking at.
        case field(FieldName)
        case call(Builtin, [Expression])
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// Placeholder for something that failed to parse (already diagnosed).
        case invalid
    }

    public var kind: Kind {
        didSet { literalValue = Self.literalValue(of: kind) }
    }
    public var range: SourceRange
    /// For `matches` with a constant pattern: the regex compiled once at parse time.
    public var compiledPattern: CompiledPattern?
    /// The value of a literal (including lists of literals), computed once so that evaluating
    /// it allocates nothing.
    public private(set) var literalValue: Value?

    public init(_ kind: Kind, _ range: SourceRange, compiledPattern: CompiledPattern? = nil) {
        self.kind = kind
        self.range = range
        self.compiledPattern = compiledPattern
        self.literalValue = Self.literalValue(of: kind)
    }

    private static func literalValue(of kind: Kind) -> Value? {
        switch kind {
        case .string(let string): return .string(string)
        case .integer(let integer): return .integer(integer)
        case .boolean(let bool): return .boolean(bool)
        case .allEvents: return .allEvents
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard let value = element.literalValue else { return nil }
                values.append(value)
            }
            return .list(values)
        default: return nil
        }
    }
}

/// A piece of an interpolated string.
public enum InterpolationPart: Sendable {
    case text(String)
    case expression(Expression)
}
