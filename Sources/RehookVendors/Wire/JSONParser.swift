import Foundation
import RehookModel

/// An RFC 8259 reader from bytes straight into `JSONValue`.
///
/// Vendor responses are read on every write, and decoding an untyped `JSONValue` through
/// `Decodable` (try a keyed container, then an unkeyed one, then each scalar type) cost more
/// CPU than the rest of a write together. This reader makes one pass over the bytes and reads
/// what `JSONDecoder` reads (`JSONParserTests` compares them): any value at the top level,
/// surrounding whitespace, a trailing comma in arrays and objects; it rejects invalid UTF-8,
/// unescaped control characters and trailing bytes, and stops at a nesting depth of 512 so
/// hostile input cannot exhaust the stack.
///
/// Objects come out with their members sorted by key, a repeated key keeping its first value;
/// a number is `.int` when it is an integer that fits (`30`, `30.0`, `3e1`), else `.double`.
struct JSONParser {
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private struct Invalid: Error {}

    /// The value `data` holds, or nil when it is not exactly one JSON value.
    static func parse(_ data: Data) -> JSONValue? {
        var parser = JSONParser(bytes: [UInt8](data))
        guard let value = try? parser.value() else { return nil }
        parser.skipWhitespace()
        return parser.index == parser.bytes.count ? value : nil
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func value() throws(Invalid) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw Invalid() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func object() throws(Invalid) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object([]) }
        repeat {
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return Self.sorted(members) } // trailing comma
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Invalid() }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw Invalid() }
            members.append(JSONMember(key, try value()))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Invalid() }
        return Self.sorted(members)
    }

    /// Members in key order, a repeated key keeping its first value: a stable insertion sort,
    /// then later duplicates dropped (no dictionary: objects are small, and hashing every key
    /// of every listed webhook was a large part of reading a listing).
    private static func sorted(_ members: [JSONMember]) -> JSONValue {
        var members = members
        for next in members.indices.dropFirst() {
            let member = members[next]
            var position = next
            while position > 0, member.key < members[position - 1].key {
                members[position] = members[position - 1]
                position -= 1
            }
            members[position] = member
        }
        var unique = 0
        for position in members.indices {
            if unique > 0, members[unique - 1].key == members[position].key { continue }
            members[unique] = members[position]
            unique += 1
        }
        members.removeLast(members.count - unique)
        return .object(members)
    }

    private mutating func array() throws(Invalid) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array([]) }
        repeat {
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .array(items) } // trailing comma
            items.append(try value())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Invalid() }
        return .array(items)
    }

    private mutating func enter() throws(Invalid) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Invalid() }
    }

    /// A string starting at the opening quote; escapes decoded, UTF-8 validated.
    private mutating func string() throws(Invalid) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return try decodeUTF8(bytes[start..<index])
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw Invalid() }
            index += 1
        }
        var scratch = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return try decodeUTF8(scratch[...])
            case UInt8(ascii: "\\"): try escape(into: &scratch)
            case 0..<0x20: throw Invalid()
            default: scratch.append(byte)
            }
        }
        throw Invalid()
    }

    /// The escape after a backslash (`JSONStringEscape`, shared with the plan files' reader).
    private mutating func escape(into scratch: inout [UInt8]) throws(Invalid) {
        var position = index
        let decoded = bytes.withUnsafeBufferPointer { buffer in
            (try? JSONStringEscape.decode(buffer, at: &position, into: &scratch)) != nil
        }
        index = position
        guard decoded else { throw Invalid() }
    }

    /// ASCII (nearly every string a vendor sends) straight through `String(decoding:)`: the
    /// generic `String(validating:as:)` looked up type metadata on every call, a few percent of
    /// applying a change.
    private func decodeUTF8(_ slice: ArraySlice<UInt8>) throws(Invalid) -> String {
        let string: String? = slice.withUnsafeBufferPointer { buffer in
            var high: UInt8 = 0
            for byte in buffer { high |= byte }
            return high < 0x80 ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
        }
        guard let string else { throw Invalid() }
        return string
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws(Invalid) -> JSONValue {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        guard index < bytes.count else { throw Invalid() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { throw Invalid() }
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard digits() > 0 else { throw Invalid() }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw Invalid() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        guard let double = Double(text), double.isFinite else { throw Invalid() }
        if double == double.rounded(), abs(double) < 9_007_199_254_740_992 { return .int(Int(double)) }
        return .double(double)
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String) throws(Invalid) {
        let expected = word.utf8
        guard index + expected.count <= bytes.count,
              bytes[index..<index + expected.count].elementsEqual(expected) else { throw Invalid() }
        index += expected.count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
