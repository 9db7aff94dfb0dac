import Testing
@testable import RehookLanguage

@Suite struct LexerTests {
    func lex(_ text: String) -> (kinds: [TokenKind], diagnostics: [Diagnostic]) {
        let (tokens, diagnostics) = Lexer.tokens(of: text)
        return (tokens.map(\.kind), diagnostics)
    }

    @Test func lexesARuleLine() {
        let (kinds, diagnostics) = lex(#"for vendor heygen where timeout >= 30 set url "x" # tail"#)
        #expect(diagnostics.isEmpty)
        #expect(kinds == [.keyword(.for), .identifier("vendor"), .identifier("heygen"), .keyword(.where),
                          .identifier("timeout"), .punctuation(.greaterEqual), .integer(30), .keyword(.set),
                          .identifier("url"), .string([.text("x")]), .endOfFile])
    }

    @Test(arguments: Punctuation.allCases)
    func lexesEachPunctuation(_ punctuation: Punctuation) {
        let (kinds, diagnostics) = lex(punctuation.rawValue)
        #expect(diagnostics.isEmpty)
        #expect(kinds == [.punctuation(punctuation), .endOfFile])
    }

    @Test(arguments: Keyword.allCases)
    func lexesEachKeyword(_ keyword: Keyword) {
        #expect(lex(keyword.rawValue).kinds == [.keyword(keyword), .endOfFile])
    }

    @Test func collapsesBlankLinesCommentsAndCRLF() {
        let (kinds, diagnostics) = lex("enable\r\n\n# only a comment\n\n  disable\n")
        #expect(diagnostics.isEmpty)
        #expect(kinds == [.keyword(.enable), .newline, .keyword(.disable), .newline, .endOfFile])
    }

    @Test func lexesNegativeIntegersAndEscapes() {
        let (kinds, diagnostics) = lex(#"-42 "a\"b\\c\n\t\$\u{1F600}""#)
        #expect(diagnostics.isEmpty)
        #expect(kinds == [.integer(-42), .string([.text("a\"b\\c\n\t$\u{1F600}")]), .endOfFile])
    }

    @Test func splitsInterpolatedStringsIntoSegments() throws {
        let source = #""https://${host(url)}/x""#
        let (tokens, diagnostics) = Lexer.tokens(of: source)
        #expect(diagnostics.isEmpty)
        guard case .string(let segments) = tokens.first?.kind else {
            Issue.record("expected a string token, got \(String(describing: tokens.first))")
            return
        }
        #expect(segments.count == 3)
        #expect(segments.first == .text("https://"))
        #expect(segments.last == .text("/x"))
        guard case .interpolation(let range) = segments[1] else {
            Issue.record("expected an interpolation segment")
            return
        }
        #expect(SourceFile(path: "t", text: source).text(in: range) == "host(url)")
    }

    @Test func nestedStringInsideInterpolation() {
        let (kinds, diagnostics) = lex(#""a${lower("B}")}c""#)
        #expect(diagnostics.isEmpty)
        #expect(kinds.count == 2)
    }

    /// Every error path: the input, the message it must report, and the reported text.
    static let errorCases: [(input: String, message: String, highlighted: String)] = [
        ("let x = 1 @@ 2", "unexpected characters", "@@"),
        ("let x = ;", "unexpected character ';'", ";"),
        ("enable \u{FFFD}", "invalid UTF-8 in source", "\u{FFFD}"),
        ("set name \"abc", "unterminated string literal", "\"abc"),
        ("set name \"abc\nenable", "unterminated string literal", "\"abc"),
        (#"set name "a\qb""#, "unknown escape sequence '\\q'", "\\q"),
        (#"set name "\u{110000}""#, "invalid unicode escape: write \\u{XXXX} with 1 to 8 hex digits naming a valid scalar", "\\u{110000"),
        (#"set name "\u{}""#, "invalid unicode escape: write \\u{XXXX} with 1 to 8 hex digits naming a valid scalar", "\\u{"),
        ("set timeout 99999999999999999999", "integer literal is too large (limit 9223372036854775807)", "99999999999999999999"),
        ("set timeout 3abc", "invalid number: a digit cannot start a name", "3abc"),
        (#"set name "a${lower(name)"#, "unterminated string interpolation: expected '}'", "${lower(name)"),
        ("x ! y", "unexpected character '!'", "!"),
        ("x - y", "unexpected character '-'", "-"),
        ("x \u{7}", "unexpected character '\\u{7}'", "\u{7}"),
    ]

    @Test(arguments: errorCases)
    func reportsEachErrorOnce(_ input: String, _ message: String, _ highlighted: String) {
        let source = SourceFile(path: "t", text: input)
        var lexer = Lexer(source)
        let tokens = lexer.tokenize()
        #expect(lexer.diagnostics.count == 1)
        #expect(lexer.diagnostics.first?.message == message)
        #expect(lexer.diagnostics.first.map { source.text(in: $0.range) } == highlighted)
        #expect(tokens.contains { $0.kind == .error })
        #expect(tokens.last?.kind == .endOfFile)
    }

    @Test func capsInterpolationNesting() {
        var text = "x"
        for _ in 0..<(Lexer.maxInterpolationDepth + 2) { text = "\"${\(text)}\"" }
        let (_, diagnostics) = lex("let a = " + text)
        #expect(diagnostics.contains { $0.message.contains("nested more than \(Lexer.maxInterpolationDepth) levels") })
    }

    @Test func lexesAPrefixForCompletion() {
        let (kinds, diagnostics) = lex("for vendor heygen where ur")
        #expect(diagnostics.isEmpty)
        #expect(kinds.dropLast().last == .identifier("ur"))
    }
}
