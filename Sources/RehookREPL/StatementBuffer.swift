import RehookLanguage

/// Collects the lines of one statement as they are typed. A statement continues while a `{`,
/// `[` or `(` is open (counted with the lexer, so brackets in strings and comments do not
/// count) or while a line ends with a backslash, which joins it to the next line.
public struct StatementBuffer: Sendable, Equatable {
    /// The physical lines typed so far, a trailing backslash already turned into a space.
    public private(set) var lines: [String] = []
    /// The last line ended with a backslash.
    private var joinsNextLine = false

    public init() {}

    public var isEmpty: Bool { lines.isEmpty }

    /// The statement text typed so far; backslash-joined lines form one line.
    public var text: String { lines.joined(separator: "\n") }

    /// Adds a typed line.
    public mutating func append(_ line: String) {
        var line = line
        let continues = Self.endsWithBackslash(line)
        if continues { line.removeLast() }
        if joinsNextLine, let last = lines.popLast() {
            lines.append(last + " " + line)
        } else {
            lines.append(line)
        }
        joinsNextLine = continues
    }

    /// The statement is complete: no open bracket and no trailing backslash.
    public var isComplete: Bool {
        !joinsNextLine && Self.openBrackets(in: text) <= 0
    }

    public mutating func reset() { self = StatementBuffer() }

    /// `{`, `[` and `(` opened and not yet closed in `text` (negative when more are closed).
    public static func openBrackets(in text: String) -> Int {
        Lexer.tokens(of: text).tokens.reduce(0) { $0 + $1.bracketDelta }
    }

    /// The line ends with a backslash that is not inside a comment.
    static func endsWithBackslash(_ line: String) -> Bool {
        guard line.hasSuffix("\\") else { return false }
        return !LineScanner(line).endsInComment
    }
}

/// Scans one piece of text for where strings and comments start and end, without lexing it
/// fully (it may be an unfinished prefix, as in tab completion).
struct LineScanner {
    /// The text ends inside a string literal: the index of its opening quote.
    private(set) var openStringStart: String.Index?
    /// The text ends inside a `#` comment.
    private(set) var endsInComment = false

    init(_ text: String) {
        var index = text.startIndex
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            if openStringStart != nil {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    openStringStart = nil
                } else if character == "\n" {
                    openStringStart = nil // strings do not span lines
                }
            } else if endsInComment {
                if character == "\n" { endsInComment = false }
            } else if character == "\"" {
                openStringStart = index
            } else if character == "#" {
                endsInComment = true
            }
            index = text.index(after: index)
        }
    }

    var endsInString: Bool { openStringStart != nil }
}
