import Foundation

/// Reads JSON bytes straight into rehook's model types, in one pass and without an
/// intermediate tree: the counterpart of `JSONByteWriter`.
///
/// `JSONDecoder` first builds a map of the whole document, then decodes through a container
/// per level and a dictionary lookup per key: for a 25 MB inventory of 100,000 webhooks that
/// was 1.7–2.7 s, most of offline planning. This reader walks the bytes once (~0.1 s) and
/// reports what is wrong and where: the JSON path of the offending value (`accounts[0].webhooks[3].url`)
/// and, for broken syntax, the line and column.
///
/// It reads RFC 8259 JSON: it rejects invalid UTF-8, unescaped control characters, trailing
/// bytes and trailing commas; members a reader does not ask for are skipped (validated, to
/// any depth, without recursion); a repeated key is read each time (the last one wins).
public struct JSONByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Whether syntax errors say their line and column (a scan of the bytes before them).
    private let locatesErrors: Bool

    /// Reads `data` with `body`, which must read exactly one value; anything but whitespace
    /// after it is an error.
    public static func read<T>(_ data: Data, _ body: (inout JSONByteReader) throws(JSONReadError) -> T)
        throws(JSONReadError) -> T {
        let result: Result<T, JSONReadError> = data.withUnsafeBytes { raw in
            var reader = JSONByteReader(bytes: raw.bindMemory(to: UInt8.self))
            do throws(JSONReadError) {
                let value = try body(&reader)
                try reader.end()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads `bytes` (which must stay valid while the reader is used) from `offset` on.
    /// `locatesErrors`: false when `bytes` is a window of a larger file, where a line and
    /// column would be wrong anyway.
    public init(bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0, locatesErrors: Bool = true) {
        self.bytes = bytes
        self.index = offset
        self.locatesErrors = locatesErrors
    }

    /// Moves past whitespace and, when it is `byte`, the byte after it: true then. A syntax
    /// error when the bytes end first.
    public mutating func skipWhitespace(andConsume byte: UInt8) throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("unexpected end of the file") }
        return consume(byte)
    }

    /// Where the reader is: the byte offset of the next value or separator.
    public var offset: Int { index }

    /// The kind of the next value, without reading it.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case object, array, string, number, bool, null

        public var description: String {
            switch self {
            case .object: "object"
            case .array: "array"
            case .string: "string"
            case .number: "number"
            case .bool: "boolean"
            case .null: "null"
            }
        }
    }

    /// The kind of the next value; a syntax error when there is none.
    public mutating func peek() throws(JSONReadError) -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("unexpected end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw syntax("unexpected character '\(Self.printable(bytes[index]))'")
        }
    }

    /// Consumes a `null` and returns true, or returns false when the next value is not null.
    public mutating func readNull() throws(JSONReadError) -> Bool {
        guard try peek() == .null else { return false }
        try literal("null")
        return true
    }

    /// Reads an object, calling `member` for each key with the reader at the key's value,
    /// which `member` must read (or `skipValue()`). Errors from `member` get the key in their path.
    public mutating func readObject(_ member: (inout JSONByteReader, JSONKey) throws(JSONReadError) -> Void)
        throws(JSONReadError) {
        try expect(.object)
        index += 1
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw syntax(index < bytes.count ? "expected a key in quotes" : "unexpected end of the file")
            }
            let key = try readKey()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw syntax("expected ':' after a key") }
            do {
                try member(&self, key)
            } catch {
                throw error.within(.key(key.string))
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return }
            throw syntax(index < bytes.count ? "expected ',' or '}' in an object" : "unexpected end of the file")
        }
    }

    /// Reads an array, calling `element` with each element's position; errors from it get the
    /// position in their path.
    public mutating func readArray(_ element: (inout JSONByteReader, Int) throws(JSONReadError) -> Void)
        throws(JSONReadError) {
        try expect(.array)
        index += 1
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return }
        var position = 0
        while true {
            do {
                try element(&self, position)
            } catch {
                throw error.within(.index(position))
            }
            position += 1
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return }
            throw syntax(index < bytes.count ? "expected ',' or ']' in an array" : "unexpected end of the file")
        }
    }

    public mutating func readString() throws(JSONReadError) -> String {
        try expect(.string)
        return try string()
    }

    public mutating func readBool() throws(JSONReadError) -> Bool {
        try expect(.bool)
        if bytes[index] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// An integer: a JSON number without fraction or exponent that fits in `Int`.
    public mutating func readInt() throws(JSONReadError) -> Int {
        try expect(.number)
        let start = index
        let isInteger = try number()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard isInteger, let value = Int(text) else {
            throw JSONReadError(problem: .typeMismatch(expected: "an integer", found: "number \(text)"))
        }
        return value
    }

    /// A list of strings.
    public mutating func readStrings() throws(JSONReadError) -> [String] {
        var strings: [String] = []
        try readArray { reader, _ throws(JSONReadError) in strings.append(try reader.readString()) }
        return strings
    }

    /// Skips the next value, whatever it is, checking its syntax. Iterative: any depth.
    public mutating func skipValue() throws(JSONReadError) {
        var open: [UInt8] = [] // the closing bracket each open container needs
        repeat {
            switch try peek() {
            case .object:
                index += 1
                skipWhitespace()
                if consume(UInt8(ascii: "}")) { break }
                open.append(UInt8(ascii: "}"))
                try skipKeyAndColon()
                continue
            case .array:
                index += 1
                skipWhitespace()
                if consume(UInt8(ascii: "]")) { break }
                open.append(UInt8(ascii: "]"))
                continue
            case .string: _ = try skipString()
            case .number: _ = try number()
            case .bool: _ = try readBool()
            case .null: try literal("null")
            }
            // After a value: close every container that ends here, then expect the next element.
            while let closing = open.last {
                skipWhitespace()
                if consume(UInt8(ascii: ",")) {
                    if closing == UInt8(ascii: "}") { try skipKeyAndColon() }
                    break
                }
                guard consume(closing) else {
                    throw syntax(index < bytes.count ? "expected ',' or '\(Self.printable(closing))'" : "unexpected end of the file")
                }
                open.removeLast()
            }
        } while !open.isEmpty
    }

    /// A type mismatch at the next value: what was expected and what is there.
    public mutating func mismatch(expected: String) -> JSONReadError {
        let found = (try? peek()).map(\.description) ?? "nothing"
        return JSONReadError(problem: .typeMismatch(expected: expected, found: found))
    }

    // MARK: - Bytes

    /// Only whitespace may follow the value.
    private mutating func end() throws(JSONReadError) {
        skipWhitespace()
        guard index == bytes.count else { throw syntax("unexpected bytes after the end of the document") }
    }

    private mutating func expect(_ kind: Kind) throws(JSONReadError) {
        let found = try peek()
        guard found == kind else {
            throw JSONReadError(problem: found == .null
                ? .typeMismatch(expected: Self.article(kind), found: "null")
                : .typeMismatch(expected: Self.article(kind), found: found.description))
        }
    }

    private static func article(_ kind: Kind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    private mutating func skipKeyAndColon() throws(JSONReadError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw syntax(index < bytes.count ? "expected a key in quotes" : "unexpected end of the file")
        }
        _ = try skipString()
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else { throw syntax("expected ':' after a key") }
    }

    private mutating func readKey() throws(JSONReadError) -> JSONKey {
        let start = index + 1
        let plain = try skipString()
        if plain { return JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index - 1])) }
        index = start - 1
        return JSONKey(decoded: try string())
    }

    /// Moves past a string starting at its opening quote, checking it (control characters,
    /// UTF-8); true when it has no escapes.
    private mutating func skipString() throws(JSONReadError) -> Bool {
        var plain = true
        var highBits: UInt8 = 0
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") {
                // Escapes are ASCII: the raw bytes are valid UTF-8 exactly when the text is.
                if highBits >= 0x80, String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self) == nil {
                    index = start
                    throw syntax("invalid UTF-8 in a string")
                }
                return plain
            }
            highBits |= byte
            if byte == UInt8(ascii: "\\") {
                plain = false
                guard index < bytes.count else { break }
                index += 1
            } else if byte < 0x20 {
                index -= 1
                throw syntax("unescaped control character in a string")
            }
        }
        throw syntax("unexpected end of the file in a string")
    }

    /// The string starting at the opening quote, escapes decoded, UTF-8 validated.
    private mutating func string() throws(JSONReadError) -> String {
        index += 1
        let start = index
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if highBits < 0x80 { return String(decoding: text, as: UTF8.self) }
                guard let valid = String(validating: text, as: UTF8.self) else {
                    index = start
                    throw syntax("invalid UTF-8 in a string")
                }
                return valid
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw syntax("unescaped control character in a string") }
            highBits |= byte
            index += 1
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let valid = String(validating: scratch, as: UTF8.self) else {
                    index = start
                    throw syntax("invalid UTF-8 in a string")
                }
                return valid
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &scratch)
            case 0..<0x20:
                throw syntax("unescaped control character in a string")
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw syntax("unexpected end of the file in a string")
    }

    /// The escape after a backslash (`JSONStringEscape`, shared with the vendors' parser),
    /// its failures worded with where they are.
    private mutating func escape(into scratch: inout [UInt8]) throws(JSONReadError) {
        do throws(JSONStringEscape.Failure) {
            try JSONStringEscape.decode(bytes, at: &index, into: &scratch)
        } catch {
            switch error {
            case .truncated: throw syntax("unexpected end of the file in a string")
            case .truncatedUnicode: throw syntax("unexpected end of the file in a \\u escape")
            case .invalidEscape: throw syntax("invalid escape '\\\(Self.printable(bytes[index]))'")
            case .invalidHexDigit: throw syntax("invalid \\u escape")
            case .missingLowSurrogate: throw syntax("a \\u escape of a high surrogate without its low surrogate")
            case .unpairedSurrogate: throw syntax("a \\u escape of an unpaired surrogate")
            }
        }
    }

    /// Moves past `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; true for an integer.
    private mutating func number() throws(JSONReadError) -> Bool {
        _ = consume(UInt8(ascii: "-"))
        guard index < bytes.count else { throw syntax("unexpected end of the file in a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw syntax("invalid number")
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard digits() > 0 else { throw syntax("invalid number") }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw syntax("invalid number") }
        }
        return isInteger
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else {
            // The bytes end inside the word: more of them may complete it.
            let available = bytes.count - index
            if memcmp(bytes.baseAddress! + index, word.utf8Start, available) == 0 { index = bytes.count }
            throw syntax("invalid literal (expected \(word))")
        }
        guard memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else {
            throw syntax("invalid literal (expected \(word))")
        }
        index += count
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Moves past whitespace.
    public mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    /// A syntax error at the current byte, with its line and column (1-based).
    private func syntax(_ detail: String) -> JSONReadError {
        var line = 1
        var lineStart = 0
        let end = min(index, bytes.count)
        if locatesErrors {
            for position in 0..<end where bytes[position] == 0x0A {
                line += 1
                lineStart = position + 1
            }
        }
        var error = JSONReadError(problem: .syntax(detail: detail, line: line, column: end - lineStart + 1))
        error.isTruncation = index >= bytes.count
        return error
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
    }
}
