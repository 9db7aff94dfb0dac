import Foundation

/// Reads the subset of TOML that rehook's configuration needs: comments, `key = value`,
/// `[table]` and `[[array of tables]]` (one level), basic strings with escapes, literal
/// strings, integers, booleans and (multi-line) arrays. Anything else is a clear error
/// with line and column, never a guess.
public struct TOMLReader {
    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1

    private enum Target {
        case root
        case table(String)
        case arrayElement(String)
    }

    /// Parses `text` into its root table.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var reader = TOMLReader(characters: Array(text))
        return try reader.document()
    }

    private init(characters: [Character]) { self.characters = characters }

    private var position: TOMLPosition { TOMLPosition(line: line, column: column) }
    private var current: Character? { index < characters.count ? characters[index] : nil }

    private mutating func advance() {
        guard let character = current else { return }
        index += 1
        if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
    }

    private func error(_ message: String, at where: TOMLPosition? = nil) -> TOMLError {
        TOMLError(position: `where` ?? position, message: message)
    }

    private func describeCurrent() -> String {
        guard let character = current else { return "end of file" }
        if character == "\n" || character == "\r\n" { return "end of line" }
        return "'\(character)'"
    }

    // MARK: Structure

    private mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable(position: TOMLPosition(line: 1, column: 1))
        var target = Target.root
        while true {
            skipBlank(newlines: true)
            guard let character = current else { return root }
            if character == "[" {
                target = try header(into: &root)
            } else {
                let keyPosition = position
                let (key, value) = try keyValue()
                try insert(key, TOMLEntry(value: value, position: keyPosition), into: &root, target: target)
            }
            try endOfLine()
        }
    }

    private mutating func header(into root: inout TOMLTable) throws(TOMLError) -> Target {
        let start = position
        advance()
        let isArray = current == "["
        if isArray { advance() }
        skipBlank(newlines: false)
        let name = try key()
        skipBlank(newlines: false)
        if current == "." { throw error("nested table names are not supported") }
        for _ in 0..<(isArray ? 2 : 1) {
            guard current == "]" else { throw error("expected ']' to close the table header, got \(describeCurrent())") }
            advance()
        }
        let existing = root[name]
        if isArray {
            switch existing?.value {
            case nil: root.set(name, TOMLEntry(value: .array([]), position: start))
            case .array(let items)? where items.allSatisfy({ if case .table = $0 { true } else { false } }): break
            default: throw redefinition(name, existing, at: start)
            }
            root.appendTable(name, TOMLTable(position: start))
            return .arrayElement(name)
        }
        guard existing == nil else { throw redefinition(name, existing, at: start) }
        root.set(name, TOMLEntry(value: .table(TOMLTable(position: start)), position: start))
        return .table(name)
    }

    private func redefinition(_ name: String, _ existing: TOMLEntry?, at position: TOMLPosition) -> TOMLError {
        error("'\(name)' is already defined at line \(existing?.position.line ?? 0)", at: position)
    }

    private func insert(_ key: String, _ entry: TOMLEntry, into root: inout TOMLTable,
                        target: Target) throws(TOMLError) {
        var duplicate: TOMLEntry?
        func add(_ table: inout TOMLTable) {
            if let existing = table[key] { duplicate = existing } else { table.set(key, entry) }
        }
        switch target {
        case .root: add(&root)
        case .table(let name): root.updateTable(name, add)
        case .arrayElement(let name): root.updateLastTable(name, add)
        }
        if let duplicate {
            throw error("duplicate key '\(key)' (first set at line \(duplicate.position.line))", at: entry.position)
        }
    }

    private mutating func keyValue() throws(TOMLError) -> (String, TOMLValue) {
        let name = try key()
        skipBlank(newlines: false)
        if current == "." { throw error("dotted keys are not supported") }
        guard current == "=" else { throw error("expected '=' after key '\(name)', got \(describeCurrent())") }
        advance()
        skipBlank(newlines: false)
        return (name, try value())
    }

    private mutating func key() throws(TOMLError) -> String {
        switch current {
        case "\"": return try basicString()
        case "'": return try literalString()
        default:
            var name = ""
            while let character = current, character.isASCII, character.isLetter || character.isNumber
                    || character == "_" || character == "-" {
                name.append(character)
                advance()
            }
            guard !name.isEmpty else { throw error("expected a key, got \(describeCurrent())") }
            return name
        }
    }

    /// After a statement only blanks and a comment may follow on the line.
    private mutating func endOfLine() throws(TOMLError) {
        skipBlank(newlines: false)
        guard current == nil || current == "\n" || current == "\r\n" else {
            throw error("expected end of line, got \(describeCurrent())")
        }
    }

    /// Skips spaces, tabs and comments, and newlines too when `newlines`.
    private mutating func skipBlank(newlines: Bool) {
        while let character = current {
            if character == " " || character == "\t" || (newlines && (character == "\n" || character == "\r\n")) {
                advance()
            } else if character == "#" {
                while let next = current, next != "\n", next != "\r\n" { advance() }
            } else {
                return
            }
        }
    }

    // MARK: Values

    private mutating func value() throws(TOMLError) -> TOMLValue {
        switch current {
        case "\"": return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": throw error("inline tables are not supported; use a [table]")
        case nil, "\n", "\r\n": throw error("expected a value, got \(describeCurrent())")
        default: return try bareValue()
        }
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        let start = position
        advance()
        var items: [TOMLValue] = []
        while true {
            skipBlank(newlines: true)
            if current == "]" { advance(); return .array(items) }
            guard current != nil else { throw error("array is never closed", at: start) }
            items.append(try value())
            skipBlank(newlines: true)
            guard current != nil else { throw error("array is never closed", at: start) }
            if current == "," { advance(); continue }
            guard current == "]" else { throw error("expected ',' or ']' in array, got \(describeCurrent())") }
        }
    }

    /// `true`, `false` or a decimal integer (`+`/`-`, `_` between digits).
    private mutating func bareValue() throws(TOMLError) -> TOMLValue {
        let start = position
        var word = ""
        while let character = current, !" \t#,]\n".contains(character), character != "\r\n" {
            word.append(character)
            advance()
        }
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        let digits = word.replacingOccurrences(of: "_", with: "")
        if !word.hasPrefix("_"), !word.hasSuffix("_"), !word.contains("__"), let number = Int(digits) {
            return .integer(number)
        }
        if let first = word.first, first.isNumber || first == "+" || first == "-" {
            throw error("unsupported value '\(word)' (floats and dates are not supported; quote it as a string)", at: start)
        }
        throw error("invalid value '\(word)' (strings need quotes)", at: start)
    }

    private mutating func literalString() throws(TOMLError) -> String {
        let start = position
        advance()
        if current == "'" && peek(1) == "'" { throw error("multi-line strings are not supported") }
        var text = ""
        while let character = current, character != "'" {
            if character == "\n" || character == "\r\n" { throw error("string is not closed on its line", at: start) }
            text.append(character)
            advance()
        }
        guard current == "'" else { throw error("string is never closed", at: start) }
        advance()
        return text
    }

    private mutating func basicString() throws(TOMLError) -> String {
        let start = position
        advance()
        if current == "\"" && peek(1) == "\"" { throw error("multi-line strings are not supported") }
        var text = ""
        while let character = current, character != "\"" {
            if character == "\n" || character == "\r\n" { throw error("string is not closed on its line", at: start) }
            if character == "\\" {
                text.append(try escape())
            } else {
                text.append(character)
                advance()
            }
        }
        guard current == "\"" else { throw error("string is never closed", at: start) }
        advance()
        return text
    }

    private mutating func escape() throws(TOMLError) -> Character {
        let start = position
        advance()
        guard let code = current else { throw error("unfinished escape at end of file") }
        advance()
        switch code {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u", "U":
            let length = code == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<length {
                guard let digit = current, digit.isHexDigit else {
                    throw error("\\\(code) needs \(length) hex digits", at: start)
                }
                hex.append(digit)
                advance()
            }
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw error("\\\(code)\(hex) is not a Unicode scalar value", at: start)
            }
            return Character(scalar)
        default:
            throw error("unknown escape '\\\(code)'", at: start)
        }
    }

    private func peek(_ offset: Int) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }
}
