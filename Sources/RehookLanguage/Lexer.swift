/// Turns source text into tokens. Never throws: malformed input becomes `.error` tokens and
/// diagnostics, and lexing continues after them.
public struct Lexer {
    /// Deepest allowed nesting of string interpolations (`"${"${...}"}"`).
    static let maxInterpolationDepth = 8

    private let scalars: [Unicode.Scalar]
    private let end: Int
    private var position: Int
    public private(set) var diagnostics: [Diagnostic] = []

    /// A lexer over `range` of `source` (the whole file by default).
    public init(_ source: SourceFile, range: SourceRange? = nil) {
        self.scalars = source.scalars
        self.position = max(0, min(range?.start ?? 0, source.scalars.count))
        self.end = max(position, min(range?.end ?? source.scalars.count, source.scalars.count))
    }

    /// Lexes everything; the last token is always `.endOfFile`.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            if token.kind == .newline, tokens.last?.kind == .newline { continue }
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    /// Lexes `text` in one call (for completion in the REPL: the tokens of a typed prefix).
    public static func tokens(of text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(SourceFile(path: "<input>", text: text))
        let tokens = lexer.tokenize()
        return (tokens, lexer.diagnostics)
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < end ? scalars[index] : nil
    }

    /// The next token.
    public mutating func next() -> Token {
        skipSpacesAndComments()
        let start = position
        guard let scalar = peek() else { return Token(.endOfFile, SourceRange(end, end)) }
        if scalar == "\n" || scalar == "\r" {
            while let next = peek(), next == "\n" || next == "\r" { position += 1 }
            return Token(.newline, SourceRange(start, position))
        }
        if scalar == "\"" { return lexString() }
        if Self.isIdentifierStart(scalar) { return lexIdentifier() }
        if Self.isDigit(scalar) || (scalar == "-" && peek(1).map(Self.isDigit) == true) {
            return lexInteger()
        }
        if let punctuation = lexPunctuation() { return Token(.punctuation(punctuation), SourceRange(start, position)) }
        return lexInvalidRun()
    }

    private mutating func skipSpacesAndComments() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" {
                position += 1
            } else if scalar == "#" {
                while let next = peek(), next != "\n", next != "\r" { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func lexIdentifier() -> Token {
        let start = position
        while let scalar = peek(), Self.isIdentifierContinue(scalar) { position += 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<position])
        let word = String(view)
        let range = SourceRange(start, position)
        if let keyword = Keyword(rawValue: word) { return Token(.keyword(keyword), range) }
        return Token(.identifier(word), range)
    }

    private mutating func lexInteger() -> Token {
        let start = position
        let negative = peek() == "-"
        if negative { position += 1 }
        var value = 0
        var overflow = false
        while let scalar = peek(), Self.isDigit(scalar) {
            let digit = Int(scalar.value - 48)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(negative ? -digit : digit)
            overflow = overflow || o1 || o2
            value = sum
            position += 1
        }
        let range = SourceRange(start, position)
        if let scalar = peek(), Self.isIdentifierContinue(scalar) {
            while let next = peek(), Self.isIdentifierContinue(next) { position += 1 }
            let whole = SourceRange(start, position)
            diagnostics.append(.error("invalid number: a digit cannot start a name", at: whole))
            return Token(.error, whole)
        }
        if overflow {
            diagnostics.append(.error("integer literal is too large (limit \(Int.max))", at: range))
            return Token(.error, range)
        }
        return Token(.integer(value), range)
    }

    private mutating func lexPunctuation() -> Punctuation? {
        guard let scalar = peek() else { return nil }
        let twoCharacter: [Unicode.Scalar: Punctuation] = ["=": .equalEqual, "!": .bangEqual, "<": .lessEqual, ">": .greaterEqual]
        if let double = twoCharacter[scalar], peek(1) == "=" {
            position += 2
            return double
        }
        guard let single = Punctuation(rawValue: String(Character(scalar))), scalar != "!" else { return nil }
        position += 1
        return single
    }

    /// A run of characters that cannot start a token becomes one error token and one diagnostic.
    private mutating func lexInvalidRun() -> Token {
        let start = position
        var sawReplacement = false
        while let scalar = peek(), !Self.canStartToken(scalar) {
            if scalar == "\u{FFFD}" { sawReplacement = true }
            position += 1
        }
        if position == start { position += 1 }
        let range = SourceRange(start, position)
        let what = sawReplacement ? "invalid UTF-8 in source" : (range.end - range.start == 1
            ? "unexpected character '\(Self.printable(scalars[start]))'" : "unexpected characters")
        diagnostics.append(.error(what, at: range))
        return Token(.error, range)
    }

    // MARK: Strings

    private mutating func lexString() -> Token {
        let start = position
        position += 1
        guard let segments = scanStringBody(openedAt: start, depth: 0) else {
            return Token(.error, SourceRange(start, position))
        }
        return Token(.string(segments), SourceRange(start, position))
    }

    /// Scans after an opening quote up to and including the closing quote. Returns nil (after
    /// reporting) when the literal is unterminated; `position` is then at the end of the line.
    private mutating func scanStringBody(openedAt start: Int, depth: Int) -> [StringSegment]? {
        var segments: [StringSegment] = []
        var text = String.UnicodeScalarView()
        var valid = true
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                diagnostics.append(.error("unterminated string literal", at: SourceRange(start, position),
                                          notes: [DiagnosticNote("strings end on the line they start")],
                                          fixIts: [FixIt("insert the closing quote", replacing: SourceRange(position, position), with: "\"")]))
                return nil
            }
            position += 1
            switch scalar {
            case "\"":
                if !text.isEmpty || segments.isEmpty { segments.append(.text(String(text))) }
                return valid ? segments : nil
            case "\\":
                if let escaped = scanEscape(backslashAt: position - 1) { text.append(escaped) } else { valid = false }
            case "$" where peek() == "{":
                position += 1
                if !text.isEmpty { segments.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                guard let inner = scanInterpolation(openedAt: position - 2, depth: depth + 1) else { return nil }
                segments.append(.interpolation(inner))
            default:
                text.append(scalar)
            }
        }
    }

    private mutating func scanEscape(backslashAt start: Int) -> Unicode.Scalar? {
        guard let scalar = peek(), scalar != "\n", scalar != "\r" else { return "\\" }
        position += 1
        let simple: [Unicode.Scalar: Unicode.Scalar] = ["n": "\n", "t": "\t", "r": "\r", "\"": "\"", "\\": "\\", "$": "$", "0": "\0"]
        if let value = simple[scalar] { return value }
        if scalar == "u", peek() == "{" {
            position += 1
            var value: UInt32 = 0
            var digits = 0
            while let hex = peek(), let digit = Self.hexValue(hex), digits < 9 {
                value = value &* 16 &+ digit
                digits += 1
                position += 1
            }
            if peek() == "}", (1...8).contains(digits), let result = Unicode.Scalar(value) {
                position += 1
                return result
            }
            diagnostics.append(.error("invalid unicode escape: write \\u{XXXX} with 1 to 8 hex digits naming a valid scalar",
                                      at: SourceRange(start, position)))
            return nil
        }
        diagnostics.append(.error("unknown escape sequence '\\\(Self.printable(scalar))'", at: SourceRange(start, position),
                                  notes: [DiagnosticNote("valid escapes: \\\" \\\\ \\n \\t \\r \\0 \\$ \\u{XXXX}")]))
        return nil
    }

    /// Scans after `${` to the matching `}`, skipping nested strings. Returns the range of the
    /// expression inside, or nil (after reporting) when unterminated or nested too deeply.
    private mutating func scanInterpolation(openedAt start: Int, depth: Int) -> SourceRange? {
        if depth > Self.maxInterpolationDepth {
            diagnostics.append(.error("string interpolation nested more than \(Self.maxInterpolationDepth) levels deep",
                                      at: SourceRange(start, position)))
            while let scalar = peek(), scalar != "\n", scalar != "\r" { position += 1 }
            return nil
        }
        let innerStart = position
        var braces = 0
        while let scalar = peek(), scalar != "\n", scalar != "\r" {
            if scalar == "}" && braces == 0 {
                position += 1
                return SourceRange(innerStart, position - 1)
            }
            position += 1
            switch scalar {
            case "{": braces += 1
            case "}": braces -= 1
            case "\"":
                // A nested string; the parser's lexer reports problems inside it.
                var probe = self
                probe.diagnostics = []
                if probe.scanStringBody(openedAt: position - 1, depth: depth) == nil {
                    position = probe.position
                    diagnostics.append(contentsOf: probe.diagnostics)
                    return nil
                }
                position = probe.position
            default: break
            }
        }
        diagnostics.append(.error("unterminated string interpolation: expected '}'", at: SourceRange(start, position)))
        return nil
    }

    // MARK: Character classes

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }

    private static func canStartToken(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierStart(scalar) || isDigit(scalar) { return true }
        return " \t\r\n#\"-=!<>,()[]{}*".unicodeScalars.contains(scalar)
    }

    /// A scalar as shown in a message (control characters escaped).
    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.generalCategory == .control || scalar.value < 0x20
            ? "\\u{" + String(scalar.value, radix: 16) + "}" : String(Character(scalar))
    }
}
