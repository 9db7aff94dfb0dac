import RehookModel
import Testing
@testable import RehookLanguage

@Suite struct EvaluatorTests {
    static let talkover = Webhook(vendor: .talkover, account: "prod", id: "wh_7", parentID: "agent_1",
                                  url: "https://old.acme.com/gateway/calls?x=1", events: .list(["call_started", "call_ended"]),
                                  enabled: true, extras: [.name: .string("  Bot7 "), .timeout: .int(30), .maxRetries: .int(2)])
    static let heygenAll = Webhook(vendor: .heygen, account: "ops", id: "e1", url: "https://h.acme.dev/all", events: .all)
    static let argil = Webhook(vendor: .argil, account: "prod", id: "a1", url: "https://a.dev", events: .list(["VIDEO_GENERATION_SUCCESS"]))

    /// Parses `text` as the value of a `let` inside a one-rule script for `vendor`, and
    /// evaluates it against `webhook`.
    func evaluate(_ text: String, on webhook: Webhook = talkover, variables: [String: Value] = [:]) throws -> Value {
        let source = SourceFile(path: "t", text: "for vendor \(webhook.vendor) where \(text) enable")
        var parser = Parser(source, variables: Set(variables.keys))
        let rule = try #require(parser.parseScript().rules.first)
        #expect(parser.diagnostics.isEmpty, "\(parser.diagnostics.map(\.message))")
        let condition = try #require(rule.condition)
        return try Evaluator(variables: variables).evaluate(condition, webhook: webhook)
    }

    static let conditions: [(String, Bool)] = [
        (#"url starts with "https://old.acme.com""#, true),
        (#"url ends with "x=1""#, true),
        (#"url contains "/gateway/""#, true),
        (#"url matches "^https://[a-z.]+/gateway""#, true),
        (#"url matches "^gateway""#, false),
        (#"account in ["staging", "prod"]"#, true),
        ("timeout < 45 and max_retries >= 2", true),
        ("timeout > 30 or not enabled", false),
        (#"events has "call_ended""#, true),
        (#"events has any ["x", "call_started"]"#, true),
        (#"events has all ["call_started", "x"]"#, false),
        (#"events == ["call_started", "call_ended"]"#, true),
        (#"agent == "agent_1" and id != "wh_8""#, true),
        (#"trim(lower(name)) == "bot7""#, true),
        (#"host(url) == "old.acme.com" and path(url) == "/gateway/calls""#, true),
        (#"with_host(url, "hooks.acme.dev") == "https://hooks.acme.dev/gateway/calls?x=1""#, true),
        (#"replace(url, "old.acme.com", "new.dev") == "https://new.dev/gateway/calls?x=1""#, true),
        (#""${vendor}/${timeout}/${enabled}" == "talkover/30/true""#, true),
        (#"upper("a${"b"}") == "AB""#, true),
        ("version == version", true),
        (#"version in ["V1"]"#, false),
    ]

    @Test(arguments: conditions)
    func evaluatesConditions(_ text: String, _ expected: Bool) throws {
        #expect(try evaluate(text) == .boolean(expected))
    }

    @Test func allEventsHasEverything() throws {
        #expect(try evaluate(#"events has "anything" and events has all ["a", "b"]"#, on: Self.heygenAll) == .boolean(true))
    }

    @Test func missingFieldIsFalse() throws {
        let source = SourceFile(path: "t", text: "for vendor argil where enabled or not enabled enable")
        var parser = Parser(source)
        let condition = try #require(parser.parseScript().rules.first?.condition)
        #expect(try Evaluator().test(condition, on: Self.argil) == true) // not (missing) is true
        let plain = try #require(Parser.expression("enabled"))
        #expect(try Evaluator().test(plain, on: Self.argil) == false)
    }

    @Test func variablesAndSecrets() throws {
        #expect(try evaluate("url starts with old", variables: ["old": .string("https://old")]) == .boolean(true))
        let checked = Frontend.check(SourceFile(path: "t", text: #"let s = env("HOOK_SECRET")"# + "\nlet f = file(\"/run/s\")\nlet n = [1, 2]"))
        #expect(checked.context.values["s"] == .secret(.environment("HOOK_SECRET")))
        #expect(checked.context.values["f"] == .secret(.file("/run/s")))
        #expect(checked.evaluator.variables["n"] == .list([.integer(1), .integer(2)]))
    }

    static let runtimeErrors: [(String, String, String)] = [
        (#"with_host("not a url", "a.dev") == """#, "'not a url' is not a valid absolute URL", #""not a url""#),
        (#"host(name) == """#, "'  Bot7 ' is not a valid absolute URL", "name"),
        (#"with_host(url, "bad/host") == """#, "with_host: 'bad/host' is not a valid host name", #""bad/host""#),
        ("url matches pattern", "invalid regular expression: '([' is not a valid ICU pattern", "pattern"),
        ("url", "expected a condition (boolean), got a string", "url"),
        (#"lower(timeout) == """#, "lower expects a string, got an integer", "timeout"),
        ("timeout < url", "'<' cannot compare an integer with a string", "timeout < url"),
    ]

    @Test(arguments: runtimeErrors)
    func runtimeErrorsCarryTheRange(_ text: String, _ message: String, _ highlighted: String) throws {
        let source = SourceFile(path: "t", text: text)
        let expression = try #require(Parser.expression(text))
        do {
            _ = try Evaluator(variables: ["pattern": .string("([")]).test(expression, on: Self.talkover)
            Issue.record("expected a runtime error for \(text)")
        } catch {
            #expect(error.message == message)
            #expect(source.text(in: error.range) == highlighted)
        }
    }

    @Test func convertsValuesToFieldValues() {
        #expect(Value.list([.string("a")]).fieldValue(for: .events) == .events(.list(["a"])))
        #expect(Value.allEvents.fieldValue(for: .events) == .events(.all))
        #expect(Value.list([.string("X: 1")]).fieldValue(for: .stringList) == .strings(["X: 1"]))
        #expect(Value.string("V3").fieldValue(for: .enumeration(["V3"])) == .string("V3"))
        #expect(Value.integer(3).fieldValue(for: .string) == nil)
        #expect(Value.list([.integer(1)]).fieldValue(for: .events) == nil)
        #expect(Value(FieldValue.events(.all)) == .allEvents)
        #expect(Value(FieldValue.strings(["a"])) == .list([.string("a")]))
    }

    /// 50 rules over 2,000 webhooks must agree with a direct computation (speed is measured
    /// in release builds, see the report; no timing is asserted here).
    @Test func manyRulesOverManyWebhooks() throws {
        let rules = (0..<50).map { "for vendor jogg where url starts with \"https://h\($0).acme\" and events has \"e\($0 % 7)\" enable" }
        let checked = Frontend.check(SourceFile(path: "t", text: rules.joined(separator: "\n")))
        #expect(!checked.hasErrors)
        let webhooks = (0..<2_000).map { index in
            Webhook(vendor: .jogg, account: "a", id: "\(index)", url: "https://h\(index % 50).acme.dev/x",
                    events: .list(["e\(index % 7)"]), enabled: false)
        }
        let evaluator = checked.evaluator
        var matches = 0
        for webhook in webhooks {
            for rule in checked.script.rules {
                if let condition = rule.condition, try evaluator.test(condition, on: webhook) { matches += 1 }
            }
        }
        let expected = (0..<2_000).filter { ($0 % 50) % 7 == $0 % 7 }.count
        #expect(matches == expected)
        #expect(matches > 0)
    }
}

extension Parser {
    /// Parses `text` as a single expression, for tests.
    static func expression(_ text: String) -> Expression? {
        var parser = Parser(SourceFile(path: "t", text: text), variables: ["pattern"])
        return try? parser.parseExpression()
    }
}

@Suite struct StringBuiltinTests {
    static let hosts: [(String, String?)] = [
        ("https://hooks.acme.dev/x?y#z", "hooks.acme.dev"),
        ("https://user:pw@Hooks.ACME.dev:8443/p", "hooks.acme.dev"),
        ("http://[::1]:8080/", "[::1]"),
        ("https://a.dev", "a.dev"),
        ("mailto:someone@a.dev", nil),
        ("https:///nohost", nil),
        ("://a.dev", nil),
        ("not a url", nil),
    ]

    @Test(arguments: hosts)
    func hostOfURL(_ url: String, _ host: String?) {
        #expect(Builtins.host(of: url) == host)
    }

    @Test func byteWiseSubstringChecks() {
        #expect(Builtins.contains("https://ü.dev/🚀/x", "🚀/"))
        #expect(!Builtins.contains("abc", "abcd"))
        #expect(Builtins.contains("abc", ""))
        #expect(Builtins.hasPrefix("https://a", "https://"))
        #expect(!Builtins.hasPrefix("http", "https"))
        #expect(Builtins.hasSuffix("a/old", "/old"))
        #expect(!Builtins.hasSuffix("d", "old"))
    }
}

@Suite struct NewValueTests {
    func assignments(_ text: String) throws -> [FieldAssignment] {
        var parser = Parser(SourceFile(path: "t", text: text))
        let rule = try #require(parser.parseScript().rules.first)
        guard case .set(let assignments)? = rule.actions.first?.kind else {
            Issue.record("expected a set action")
            return []
        }
        return assignments
    }

    @Test func convertsAndValidatesForTheVendor() throws {
        let talkover = EvaluatorTests.talkover
        let set = try assignments(#"for vendor talkover set timeout 60 headers ["X-A: 1"] url replace(url, "old.acme.com", "new.dev") secret env("S")"#)
        let values = try set.map { try Evaluator().newValue(of: $0, for: talkover) }
        #expect(values == [.int(60), .strings(["X-A: 1"]), .string("https://new.dev/gateway/calls?x=1"), .secret(.environment("S"))])
    }

    @Test func computedValuesBreakingVendorLimitsAreRuntimeErrors() throws {
        let jogg = Webhook(vendor: .jogg, account: "a", id: "1", url: "https://a.dev/x", events: .list(["e"]))
        let set = try assignments(#"for vendor jogg set url replace(url, "https", "http")"#)
        let assignment = try #require(set.first)
        #expect(throws: RuntimeError("JoggAI requires an https URL", at: assignment.value.range)) {
            try Evaluator().newValue(of: assignment, for: jogg)
        }
        let heygenOnly = try #require(try assignments("for vendor heygen set events all").first)
        #expect(throws: RuntimeError("JoggAI has no \"all events\" setting", at: heygenOnly.value.range)) {
            try Evaluator().newValue(of: heygenOnly, for: jogg)
        }
        #expect(try Evaluator().newValue(of: heygenOnly, for: EvaluatorTests.heygenAll) == .events(.all))
    }

    @Test func eventListsForArgilUseItsClosedSet() throws {
        let list = try #require(Parser.expression(#"["VIDEO_GENERATION_FAILED", "nope"]"#))
        #expect(throws: RuntimeError.self) { try Evaluator().eventNames(list, for: EvaluatorTests.argil) }
        #expect(try Evaluator().eventNames(list, for: EvaluatorTests.talkover) == ["VIDEO_GENERATION_FAILED", "nope"])
    }
}
