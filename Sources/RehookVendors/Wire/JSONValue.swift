import Foundation
import RehookModel

/// A JSON value read without trusting its shape, or built to be sent.
/// Objects keep their members in order so that request bodies are byte-for-byte deterministic.
/// Not `indirect`: arrays and objects already hold their elements on the heap, and a boxed case
/// was an allocation for every scalar of every response read.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member named `key` of an object, if any.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The JSON type name, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Parses `data`, or `nil` when it is not JSON.
    static func parse(_ data: Data) -> JSONValue? {
        JSONParser.parse(data)
    }

    /// Compact serialisation, members in insertion order, `/` not escaped.
    ///
    /// Written byte by byte: built as `String`s, scalar by scalar, a JoggAI request body cost
    /// ~100,000 instructions, a tenth of applying a change.
    var serialized: Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(into: &bytes)
        return Data(bytes)
    }

    private func write(into bytes: inout [UInt8]) {
        switch self {
        case .null: bytes += "null".utf8
        case .bool(let value): bytes += (value ? "true" : "false").utf8
        case .int(let value): bytes += String(value).utf8
        case .double(let value): bytes += String(value).utf8
        case .string(let value): Self.quoted(value, into: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.quoted(member.key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `"`, `\`, newline, carriage return and tab escaped by name, other control characters as
    /// `\u00xx`, `/` as it is, everything else as its UTF-8.
    private static func quoted(_ text: String, into bytes: inout [UInt8]) {
        JSONStringEscape.appendQuoted(text, to: &bytes, style: requestStyle)
    }

    private static let requestStyle = JSONStringEscape.Style(escapesSlashes: false, namesBackspaceAndFormFeed: false)
}

/// One member of a JSON object.
struct JSONMember: Sendable, Hashable {
    var key: String
    var value: JSONValue

    init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// A JSON string array.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
