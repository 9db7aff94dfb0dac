import RehookModel

/// The checker's view of a value's type. `unknown` stands for something already diagnosed
/// and is compatible with everything, so one mistake gives one error.
indirect enum StaticType: Hashable, Sendable, CustomStringConvertible {
    case string, integer, boolean, allEvents, secret, unknown
    case list(StaticType)

    /// The type a field of `type` reads as.
    init(_ type: FieldType) {
        switch type {
        case .string, .url, .enumeration: self = .string
        case .int: self = .integer
        case .bool: self = .boolean
        case .events, .stringList: self = .list(.string)
        case .secret: self = .secret
        }
    }

    /// The type of a constant value.
    init(of value: Value) {
        switch value {
        case .string: self = .string
        case .integer: self = .integer
        case .boolean: self = .boolean
        case .allEvents: self = .allEvents
        case .secret: self = .secret
        case .null: self = .unknown
        case .list(let elements): self = .list(elements.first.map { StaticType(of: $0) } ?? .unknown)
        }
    }

    /// Either side unknown, or equal (lists compare element types the same way).
    func isCompatible(with other: StaticType) -> Bool {
        switch (self, other) {
        case (.unknown, _), (_, .unknown): true
        case (.list(let a), .list(let b)): a.isCompatible(with: b)
        default: self == other
        }
    }

    /// The description with "a"/"an", for messages.
    var withArticle: String {
        switch self {
        case .integer, .unknown, .allEvents: (self == .allEvents ? "" : "an ") + description
        default: "a " + description
        }
    }

    var description: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .allEvents: "'all'"
        case .secret: "secret"
        case .unknown: "unknown"
        case .list(.unknown): "list"
        case .list(let element): "list of \(element)s"
        }
    }
}

/// What the checker knows about a `let` name.
public struct VariableInfo: Sendable {
    /// The value, when the checker could compute it (every valid `let` is a constant).
    public var value: Value?
    var type: StaticType
    /// Where it was declared, when in the file being checked.
    var declaration: SourceRange?
    var used = false
}

/// Names bound by earlier statements: empty for a file, the session so far in the REPL.
public struct CheckContext: Sendable {
    public internal(set) var variables: [String: VariableInfo] = [:]

    public init() {}

    /// The values of every constant, for `Evaluator(variables:)`.
    public var values: [String: Value] { variables.compactMapValues(\.value) }

    /// Declared names, sorted (for completion).
    public var names: [String] { variables.keys.sorted() }
}
