import RehookModel
import Testing
@testable import RehookLanguage

@Suite struct DiagnosticRendererTests {
    let source = SourceFile(path: "s.rehook", text: "let a = 1\n\tfor vendor jogg set webhook_url \"x\"\nlast")

    func range(of text: String) throws -> SourceRange {
        let whole = source.text
        let found = try #require(whole.range(of: text))
        let start = whole.unicodeScalars.distance(from: whole.unicodeScalars.startIndex, to: found.lowerBound)
        return SourceRange(start, start + text.unicodeScalars.count)
    }

    @Test func rendersExcerptNotesAndFixIts() throws {
        let field = try range(of: "webhook_url")
        let diagnostic = Diagnostic.error("unknown field", at: field,
                                          notes: [DiagnosticNote("plain note"), DiagnosticNote("declared here", at: try range(of: "a"))],
                                          fixIts: [FixIt("use 'url'", replacing: field, with: "url")])
        let expected = """
            s.rehook:2:22: error: unknown field
             2 |     for vendor jogg set webhook_url "x"
               |                         ^~~~~~~~~~~
            note: plain note
            s.rehook:1:5: note: declared here
             1 | let a = 1
               |     ^
            help: use 'url': replace 'webhook_url' with 'url'
            """
        #expect(DiagnosticRenderer().render(diagnostic, in: source) == expected)
    }

    @Test func insertionFixItAndEndOfFileCaret() {
        let end = source.scalars.count
        let diagnostic = Diagnostic.error("expected '}'", at: SourceRange(end, end),
                                          fixIts: [FixIt("close it", replacing: SourceRange(end, end), with: "}")])
        let lines = DiagnosticRenderer().render(diagnostic, in: source).split(separator: "\n").map(String.init)
        #expect(lines == ["s.rehook:3:5: error: expected '}'", " 3 | last", "   |     ^", "help: close it: insert '}'"])
    }

    @Test func multiLineRangeIsUnderlinedToEndOfFirstLine() throws {
        let start = try range(of: "1")
        let diagnostic = Diagnostic.warning("spans lines", at: SourceRange(start.start, source.scalars.count))
        let lines = DiagnosticRenderer().render(diagnostic, in: source).split(separator: "\n").map(String.init)
        #expect(lines.last == "   |         ^")
        #expect(lines.first == "s.rehook:1:9: warning: spans lines")
    }

    @Test func colourOnlyOnTerminalsWithoutNoColor() throws {
        let diagnostic = Diagnostic.error("bad", at: try range(of: "last"))
        #expect(DiagnosticRenderer(colored: true).render(diagnostic, in: source).contains("\u{1B}[1;31merror:"))
        #expect(!DiagnosticRenderer(colored: false).render(diagnostic, in: source).contains("\u{1B}"))
        let terminalStderr: @Sendable (StandardStream) -> Bool = { $0 == .error }
        #expect(DiagnosticRenderer(policy: OutputPolicy(environment: [:], isTerminal: terminalStderr)).colored)
        #expect(!DiagnosticRenderer(policy: OutputPolicy(environment: ["NO_COLOR": "1"], isTerminal: terminalStderr)).colored)
        #expect(!DiagnosticRenderer(policy: OutputPolicy(environment: [:], isTerminal: { _ in false })).colored)
        #expect(!DiagnosticRenderer(policy: OutputPolicy(preference: .never, environment: [:], isTerminal: terminalStderr)).colored)
        #expect(!DiagnosticRenderer(policy: OutputPolicy(environment: [:], isTerminal: terminalStderr), stream: .output).colored)
    }

    @Test func fixItsApplyToTheSource() throws {
        let checked = Frontend.check(SourceFile(path: "t", text: "for vendor talkover set secret \"hunter2\""))
        let fixIt = try #require(checked.diagnostics.first?.fixIts.first)
        let fixed = fixIt.applied(to: checked.source)
        #expect(fixed == "for vendor talkover set secret env(\"WEBHOOK_SECRET\")")
        #expect(!Frontend.check(SourceFile(path: "t", text: fixed)).hasErrors)
    }

    @Test func columnsCountUnicodeScalars() {
        let unicode = SourceFile(path: "u", text: "let s = \"🚀é\" x")
        #expect(unicode.location(of: 13) == SourceLocation(line: 1, column: 14))
        #expect(unicode.lineText(1) == "let s = \"🚀é\" x")
    }
}

@Suite struct SessionTests {
    @Test func laterStatementsSeeEarlierNames() {
        let first = Frontend.check(SourceFile(path: "<repl>", text: "let slow = 30"))
        #expect(!first.hasErrors)
        let second = Frontend.check(SourceFile(path: "<repl>", text: "for vendor talkover where timeout < slow set timeout slow"),
                                    context: first.context)
        #expect(second.diagnostics.isEmpty)
        #expect(second.context.names == ["slow"])
        #expect(second.evaluator.variables["slow"] == .integer(30))
        let third = Frontend.check(SourceFile(path: "<repl>", text: "let slow = 31"), context: second.context)
        #expect(third.diagnostics.map(\.message) == ["'slow' is already defined"])
    }

    @Test func completionLists() {
        #expect(Frontend.keywords.contains("where"))
        #expect(Frontend.keywords.contains("vendor"))
        #expect(Frontend.builtinNames.contains("with_host"))
    }
}
