import Foundation
import RehookModel

/// A runtime value of the language.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case list([Value])
    /// Every event (HeyGen's `events: null`).
    case allEvents
    /// A secret by reference (`env("VAR")`, `file("path")`); its value is never read here.
    case secret(SecretReference)
    /// A field the webhook does not have (e.g. `enabled` at Argil).
    case null

    /// The value of a model field.
    public init(_ fieldValue: FieldValue) {
        switch fieldValue {
        case .string(let string): self = .string(string)
        case .int(let integer): self = .integer(integer)
        case .bool(let bool): self = .boolean(bool)
        case .strings(let strings): self = .list(strings.map(Value.string))
        case .events(.all): self = .allEvents
        case .events(.list(let names)): self = .list(names.map(Value.string))
        case .secret(let reference): self = .secret(reference)
        }
    }

    /// The model value for a field of type `type`, or nil when this value does not fit it.
    public func fieldValue(for type: FieldType) -> FieldValue? {
        switch (type, self) {
        case (.string, .string(let s)), (.url, .string(let s)), (.enumeration, .string(let s)): .string(s)
        case (.int, .integer(let i)): .int(i)
        case (.bool, .boolean(let b)): .bool(b)
        case (.events, .allEvents): .events(.all)
        case (.events, .list): stringElements.map { .events(.list($0)) }
        case (.stringList, .list): stringElements.map { .strings($0) }
        case (.secret, .secret(let reference)): .secret(reference)
        default: nil
        }
    }

    /// The elements of a list of strings, or nil for anything else.
    public var stringElements: [String]? {
        guard case .list(let elements) = self else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let string) = element else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// The value as source text (secrets by reference only).
    public var description: String {
        switch self {
        case .string(let string): Self.quoted(string)
        case .integer(let integer): String(integer)
        case .boolean(let bool): String(bool)
        case .list(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .allEvents: "all"
        case .secret(let reference): reference.description
        case .null: "null"
        }
    }

    /// The kind of value, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .list: "list"
        case .allEvents: "all events"
        case .secret: "secret"
        case .null: "no value"
        }
    }

    /// The kind of value with "a"/"an", for error messages.
    public var articledType: String {
        switch self {
        case .integer: "an integer"
        case .allEvents: "'all'"
        case .null: "no value"
        default: "a " + typeName
        }
    }

    static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "$": result += "\\$"
            default:
                if scalar.value < 0x20 { result += "\\u{\(String(scalar.value, radix: 16))}" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}

/// An error while evaluating an expression, pointing at the expression that failed.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var range: SourceRange

    public init(_ message: String, at range: SourceRange) {
        self.message = message
        self.range = range
    }

    public var description: String { message }

    /// The error as a diagnostic, for rendering against the script.
    public var diagnostic: Diagnostic { .error(message, at: range) }
}

/// A regular expression compiled once. The dialect is ICU's, through `NSRegularExpression`;
/// `matches` searches (it is not anchored: use `^` and `$`).
public final class CompiledPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    private let regex: NSRegularExpression
    public let pattern: String

    /// Why a pattern failed to compile.
    public struct Invalid: Error, Sendable {
        public let reason: String
    }

    public init(_ pattern: String) throws(Invalid) {
        do {
            self.regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw Invalid(reason: "'\(pattern)' is not a valid ICU pattern")
        }
        self.pattern = pattern
    }

    /// Whether the pattern matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Patterns that are not constants, compiled on first use and kept (bounded) for reuse.
final class PatternCache: @unchecked Sendable {
    private let lock = NSLock()
    private var patterns: [String: CompiledPattern] = [:]
    private static let capacity = 256

    func pattern(_ source: String) throws(CompiledPattern.Invalid) -> CompiledPattern {
        if let cached = lock.withLock({ patterns[source] }) { return cached }
        let compiled = try CompiledPattern(source)
        lock.withLock {
            if patterns.count >= Self.capacity { patterns.removeAll(keepingCapacity: true) }
            patterns[source] = compiled
        }
        return compiled
    }
}
