import Testing
@testable import RehookLanguage

@Suite struct ParserTests {
    func parse(_ text: String) -> (dump: String, diagnostics: [Diagnostic]) {
        var parser = Parser(SourceFile(path: "t.rehook", text: text))
        let script = parser.parseScript()
        return (SExpression.dump(script), parser.diagnostics)
    }

    static let cases: [(source: String, dump: String)] = [
        (#"let old = "https://old.acme.com""#, #"(let old "https://old.acme.com")"#),
        ("for vendor heygen set url \"https://x.dev/h\" events [\"avatar_video.success\"]",
         #"(rule (vendors heygen) (set (url "https://x.dev/h") (events (list "avatar_video.success"))))"#),
        ("let o = \"a\"\nfor vendor heygen, jogg where url starts with o {\n  set url replace(url, o, \"b\")\n}",
         "(let o \"a\")\n(rule (vendors heygen jogg) (where (starts-with (field url) (var o))) (set (url (call replace (field url) (var o) \"b\"))))"),
        ("for vendor talkover where enabled set timeout 45 max_retries 5",
         "(rule (vendors talkover) (where (field enabled)) (set (timeout 45) (max_retries 5)))"),
        ("for vendor * disable", "(rule (vendors argil jogg talkover heygen composio) (disable))"),
        ("for vendor jogg, jogg { enable }", "(rule (vendors jogg) (enable))"),
        ("for vendor heygen set events all", "(rule (vendors heygen) (set (events all)))"),
        ("for vendor jogg {\n add events [\"a\", \"b\",]\n remove events [\"c\"]\n}",
         #"(rule (vendors jogg) (add-events (list "a" "b")) (remove-events (list "c")))"#),
        ("for vendor jogg where not enabled or url contains \"x\" and id != \"7\" enable",
         #"(rule (vendors jogg) (where (or (not (field enabled)) (and (contains (field url) "x") (!= (field id) "7")))) (enable))"#),
        ("for vendor jogg where (url ends with \"/a\" or url matches \"^https\") and account in [\"p\", \"q\"] enable",
         #"(rule (vendors jogg) (where (and (or (ends-with (field url) "/a") (matches (field url) "^https")) (in (field account) (list "p" "q")))) (enable))"#),
        ("for vendor jogg where events has \"a\" or events has any [\"b\"] or events has all [\"c\"] enable",
         #"(rule (vendors jogg) (where (or (or (has (field events) "a") (has-any (field events) (list "b"))) (has-all (field events) (list "c")))) (enable))"#),
        ("for vendor talkover where timeout < 10 or max_retries >= 3 set name \"n-${lower(name)}-${timeout}\"",
         #"(rule (vendors talkover) (where (or (< (field timeout) 10) (>= (field max_retries) 3))) (set (name (interpolate "n-" (call lower (field name)) "-" (field timeout)))))"#),
        ("for vendor talkover set secret env(\"S\") headers [\"X-A: 1\"]",
         #"(rule (vendors talkover) (set (secret (call env "S")) (headers (list "X-A: 1"))))"#),
        ("let flag = true\nlet n = -3\nlet l = [\n  1,\n  2\n]",
         "(let flag true)\n(let n -3)\n(let l (list 1 2))"),
    ]

    @Test(arguments: cases)
    func dumpsTheAST(_ source: String, _ dump: String) {
        let result = parse(source)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(result.dump == dump)
    }

    @Test func recoversAtStatementBoundariesWithoutCascading() {
        let result = parse("for vendor heygen set url\nlet x = (1\nfor vendor jogg enable\nset url \"x\"\nfor vendor jogg disable")
        #expect(result.diagnostics.map(\.message) == [
            "expected an expression, found end of line",
            "expected ')' to close '(', found end of line",
            "expected a statement ('let' or 'for vendor ...'), found 'set'",
        ])
        #expect(result.dump == "(rule (vendors jogg) (enable))\n(rule (vendors jogg) (disable))")
    }

    @Test func recoversInsideBlocksAtActionBoundaries() {
        let result = parse("for vendor jogg {\n  set url\n  enable\n  frobnicate\n  disable\n}\nfor vendor jogg enable")
        #expect(result.diagnostics.count == 2)
        #expect(result.dump == "(rule (vendors jogg) (enable) (disable))\n(rule (vendors jogg) (enable))")
    }

    @Test func skipsABrokenBlockAsAWhole() {
        let result = parse("for vendor jogg where == {\n  set url 1\n  enable\n}\nfor vendor jogg enable")
        #expect(result.diagnostics.count == 1)
        #expect(result.dump == "(rule (vendors jogg) (enable))")
    }

    @Test func reportsAnUnclosedBlockAtEndOfFile() {
        let result = parse("for vendor jogg {\n  enable\n")
        #expect(result.diagnostics.map(\.message) == ["expected '}' to close the block"])
        #expect(result.diagnostics.first?.notes.first?.message == "the block opened here")
    }

    @Test func rejectsChainedComparisons() {
        let result = parse("for vendor jogg where timeout == 1 == 2 enable")
        #expect(result.diagnostics.map(\.message) == ["comparisons cannot be chained; combine them with 'and'"])
    }

    @Test func suggestsCanonicalFieldNames() {
        let result = parse("for vendor jogg set webhook_url \"https://a\"")
        #expect(result.diagnostics.first?.message == "'webhook_url' is a vendor's own name for a field; did you mean 'url'?")
        #expect(result.diagnostics.first?.fixIts.first?.replacement == "url")
    }

    @Test func capsNestingDepth() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let result = parse("let x = \(deep)\nlet y = " + String(repeating: "not ", count: 5_000) + "true")
        #expect(result.diagnostics.count == 2)
        #expect(result.diagnostics.allSatisfy { $0.message.hasPrefix("expression nested too deeply") })
    }

    @Test func rangesCoverTheWholeRule() throws {
        let source = SourceFile(path: "t", text: "\n  for vendor jogg { enable }  # c\n")
        var parser = Parser(source)
        let rule = try #require(parser.parseScript().rules.first)
        #expect(source.text(in: rule.range) == "for vendor jogg { enable }")
        #expect(source.text(in: rule.vendorsRange) == "jogg")
    }
}
