/// Reserved words of the rehook language. `vendor` and `events` are contextual: they are
/// also field names, so the lexer leaves them as identifiers.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case `let`, `for`, `where`, set, add, remove, enable, disable
    case not, and, or, contains, starts, ends, with, matches, `in`, has, any, all
    case `true`, `false`
}

/// Punctuation and operators.
public enum Punctuation: String, Sendable, Hashable, CaseIterable {
    case equal = "=", equalEqual = "==", bangEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case comma = ",", leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", star = "*"
}

/// One piece of a string literal: literal text, or the source range of an interpolated
/// `${expr}` (the parser lexes and parses it).
public enum StringSegment: Sendable, Hashable {
    case text(String)
    case interpolation(SourceRange)
}

/// What a token is.
public enum TokenKind: Sendable, Hashable {
    case identifier(String)
    case keyword(Keyword)
    case integer(Int)
    case string([StringSegment])
    case punctuation(Punctuation)
    /// One or more line breaks (statements and block actions end at them).
    case newline
    /// Malformed input; the lexer has already reported a diagnostic for it.
    case error
    case endOfFile
}

/// A token with its source range.
public struct Token: Sendable, Hashable {
    public let kind: TokenKind
    public let range: SourceRange

    public init(_ kind: TokenKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    func isKeyword(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }
    func isPunctuation(_ punctuation: Punctuation) -> Bool { kind == .punctuation(punctuation) }

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    /// A short human description for "expected X, found Y" messages.
    var displayName: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .integer(let value): "integer \(value)"
        case .string: "string literal"
        case .punctuation(let punctuation): "'\(punctuation.rawValue)'"
        case .newline: "end of line"
        case .error: "invalid token"
        case .endOfFile: "end of file"
        }
    }
}
