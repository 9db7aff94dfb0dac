import RehookModel
import Testing
@testable import RehookLanguage

/// A prepared condition or value must answer, and fail, exactly as the expression it was prepared from.
@Suite struct PreparedExpressionTests {
    static let variables: [String: Value] = [
        "root": .string("acme.dev"), "old": .string("https://old"), "none": .string(""), "limit": .integer(30), "wanted": .list([.string("call_ended")]),
        "mixed": .list([.integer(1), .string("call_ended")]), "flag": .boolean(true), "pattern": .string("(["),
    ]

    static let webhooks: [Webhook] = [
        EvaluatorTests.talkover,
        EvaluatorTests.heygenAll,
        EvaluatorTests.argil,
        Webhook(vendor: .composio, account: "prod", id: "c1", url: "", events: .list([]),
                extras: [.version: .string("V1"), .name: .string("")]),
        Webhook(vendor: .jogg, account: "ünï", id: "j1", url: "https://ünïcödé.example/🚀/é?x=\"q\"\\", events: .list(["é", "call_ended"]),
                enabled: false, extras: [.name: .string("Bot\u{301}7"), .username: .string("media")]),
        Webhook(vendor: .talkover, account: "odd", id: "t9", parentID: nil, url: "https://old.acme.com\n", events: .all,
                enabled: nil, extras: [.name: .int(5), .timeout: .string("30"), .maxRetries: .bool(true)]),
        Webhook(vendor: .heygen, account: "ops", id: "h2", url: "HTTPS://OLD.ACME.COM/5", events: .list(["personalized_video"]),
                enabled: true, extras: [.username: .string("ops"), .timeout: .int(-4)]),
    ]

    static let conditions: [String] = [
        #"url starts with "https://old""#, #"url starts with """#, #"url starts with old"#, #"url starts with none"#,
        #"url ends with "5""#, #"url ends with """#, #"url ends with "\\""#, #"url contains "/gateway/""#, #"url contains """#,
        #"url contains "é""#, #"url contains "\"q\"""#, #"url contains "\n""#, #"url == """#, #"url != "https://a.dev""#,
        #"url < "https://b""#, #"url <= """#, #"url > "HTTPS""#, #"url >= "https://old.acme.com\n""#,
        #"url matches "^https://[a-z.]+/gateway""#, #"url matches "é""#, "url matches pattern", #"url matches old"#,
        #"name starts with "  Bot""#, #"name == "Bot\u{301}7""#, #"name == "Bót7""#, #"name contains "o""#, #"name == 5"#,
        "timeout < 45", "timeout == 30", "timeout != 30", "timeout >= limit", "timeout > 29", "timeout <= -4", #"timeout == "30""#,
        "timeout contains 3", "max_retries >= 2", "enabled", "not enabled", "name", "timeout", "max_retries", "url",
        #"events has "call_ended""#, #"events has "é""#, #"events has any ["x", "call_started"]"#, #"events has all ["call_started", "x"]"#,
        "events has all []", "events has any []", "events has 5", #"events has any "x""#, #"events has ["call_ended"]"#,
        "events has any wanted", "events has all mixed", "events has any mixed", #"events == ["call_started", "call_ended"]"#,
        #"account in ["prod", "ops"]"#, #"account == "ünï""#, #"agent == "agent_1""#, #"id != "wh_8""#, #"vendor == "talkover""#,
        "id == 7", #"version == "V1""#, #"version != "V1""#, #"username == "media" and url ends with "5""#,
        "enabled and timeout < 20", #"enabled and timeout < 20 or url contains "x""#, #"not (url contains "migrated=")"#,
        #"url has "x""#, #"url in "abc""#, #"url has any ["x"]"#, "url == flag", "enabled == flag", "enabled == true",
        #"lower(url) == url"#, #"host(url) in ["old.acme.com", "ünïcödé.example"]"#, #""${url}" starts with "https""#,
        #""https" == url"#, "flag", "true and enabled", #"events has "x" or timeout"#,
    ]

    /// Parses `text` and checks that `fast` (on what `prepare` made of it) agrees with `general`
    /// (on the expression) for every webhook: the same value or the same runtime error.
    func expectAgreement<Prepared, Output: Equatable>(
        _ text: String, prepare: (Evaluator, Expression) -> Prepared,
        general: (Evaluator, Expression, Webhook) throws(RuntimeError) -> Output,
        fast: (Evaluator, Prepared, Webhook) throws(RuntimeError) -> Output
    ) throws {
        var parser = Parser(SourceFile(path: "t", text: text), variables: Set(Self.variables.keys))
        let expression = try parser.parseExpression()
        #expect(parser.diagnostics.isEmpty, "\(text): \(parser.diagnostics.map(\.message))")
        let evaluator = Evaluator(variables: Self.variables)
        let prepared = prepare(evaluator, expression)
        for webhook in Self.webhooks {
            let expected = Result { () throws(RuntimeError) in try general(evaluator, expression, webhook) }
            let actual = Result { () throws(RuntimeError) in try fast(evaluator, prepared, webhook) }
            #expect(actual == expected, "\(text) on \(webhook.key)")
        }
    }

    @Test(arguments: conditions)
    func conditionsAgreeWithTheExpression(_ text: String) throws {
        try expectAgreement(text, prepare: { $0.prepare($1) },
                            general: { (evaluator, expression, webhook) throws(RuntimeError) in try evaluator.test(expression, on: webhook) },
                            fast: { (evaluator, prepared, webhook) throws(RuntimeError) in try evaluator.test(prepared, on: webhook) })
    }

    static let values: [String] = [
        #"replace(url, "https://old", "https://hooks.${root}")"#, #"replace(url, "", "x")"#, #"replace(url, "/", "é")"#,
        #"with_host(url, "gateway.acme.dev")"#, #"with_host(url, "bad/host")"#, #"with_host("not a url", "a.dev")"#,
        "host(url)", "host(name)", "path(url)", "lower(timeout)", "trim(name)", #"upper(lower("AbC"))"#, #"upper("é${root}")"#,
        #""${url}?migrated=1""#, #""${name} (migrated)""#, #""${timeout}/${enabled}/${agent}""#, "root", "old", "mixed",
        #"["a", root]"#, "[url, name]", "all", #"env("HOOK_SECRET")"#, #"env("1bad")"#, #"file("")"#, #"file("/run/s")"#,
        "url", "events", "enabled", "agent", "version", "timeout", "name", "42", #""""#, #""\n\"\$""#,
        #"replace(name, "o", root)"#, #"lower(url) == url"#, "not enabled", #"url starts with old"#,
    ]

    @Test(arguments: values)
    func valuesAgreeWithTheExpression(_ text: String) throws {
        try expectAgreement(text, prepare: { $0.prepare(value: $1) },
                            general: { (evaluator, expression, webhook) throws(RuntimeError) in
                                try evaluator.evaluate(expression, webhook: webhook)
                            },
                            fast: { (evaluator, prepared, webhook) throws(RuntimeError) in try evaluator.evaluate(prepared, webhook: webhook) })
    }

    /// Parts that read no field are computed once.
    @Test func constantPartsAreFolded() throws {
        let expression = try #require(Parser.expression(#"replace(url, "https://old", "https://hooks.${pattern}")"#))
        let prepared = Evaluator(variables: ["pattern": .string("acme.dev")]).prepare(value: expression)
        guard case .call(.replace, let arguments, _, _) = prepared.root, arguments.count == 3,
              case .field(.url) = arguments[0], case .constant(.string("https://hooks.acme.dev")) = arguments[2] else {
            Issue.record("not prepared as expected: \(prepared.root)")
            return
        }
    }

    /// The shapes the planner's benchmark uses take the fast path rather than the general one.
    @Test func commonShapesArePrepared() throws {
        let texts = [#"url starts with "https://old""#, #"version == "V1""#, #"events has any ["a"]"#, "enabled and timeout < 20",
                     #"not (url contains "migrated=")"#, #"url matches "^https://""#]
        for text in texts {
            let expression = try #require(Parser.expression(text))
            if case .general = Evaluator().prepare(expression).root { Issue.record("\(text) was not prepared") }
        }
    }
}
