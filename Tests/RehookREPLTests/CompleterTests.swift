import RehookModel
import Testing
@testable import RehookREPL

@Suite struct CompleterTests {
    static let context = CompletionContext(
        variables: ["new_host", "legacy"],
        eventNames: [.heygen: ["avatar_video.success", "avatar_video.fail"], .talkover: ["call_ended", "call_started"]],
        listDirectory: { directory in
            switch directory {
            case "": ["examples/", "notes.txt", ".hidden"]
            case "examples/": ["migrate.rehook", "talkover.rehook"]
            default: []
            }
        })

    static func candidates(_ line: String, pending: [String] = []) -> [String] {
        var context = context
        context.pendingLines = pending
        return Completer.complete(line, context: context).candidates
    }

    @Test(arguments: [
        ("", ["for", "let"]),
        ("fo", ["for"]),
        ("for ", ["vendor"]),
        ("for vendor he", ["heygen"]),
        ("for vendor heygen, j", ["jogg"]),
        ("for vendor ", ["*", "argil", "composio", "heygen", "jogg", "talkover"]),
        ("for vendor heygen ", ["add", "remove", "set", "where", "{"]),
        ("for vendor jogg ", ["add", "disable", "enable", "remove", "set", "where", "{"]),
    ])
    func ruleHeaders(line: String, expected: [String]) {
        #expect(Self.candidates(line) == expected)
    }

    @Test(arguments: [
        ("for vendor talkover set ", ["auth_scheme", "enabled", "events", "headers", "http_method", "max_retries",
                                      "name", "secret", "timeout", "url"]),
        ("for vendor talkover, heygen set ", ["events", "url"]),
        ("for vendor composio set v", ["version"]),
        ("for vendor talkover set timeout 30 ", ["auth_scheme", "enabled", "events", "headers", "http_method",
                                                  "max_retries", "name", "secret", "timeout", "url"]),
        ("for vendor talkover set http_method ", ["\"PATCH\"", "\"POST\"", "\"PUT\""]),
        ("for vendor talkover set http_method \"P", ["PATCH", "POST", "PUT"]),
        ("for vendor talkover set timeout 30 http_method ", ["\"PATCH\"", "\"POST\"", "\"PUT\""]),
        ("for vendor talkover set secret ", ["env", "file", "legacy", "new_host"]),
        ("for vendor heygen set events a", ["account", "all"]),
        ("for vendor jogg set events a", ["account"]),
        ("for vendor heygen set url with_host(url, n", ["new_host", "not"]),
    ])
    func setPositions(line: String, expected: [String]) {
        #expect(Self.candidates(line) == expected)
    }

    @Test(arguments: [
        ("for vendor jogg where ", ["[", "account", "enabled", "events", "false", "host", "id", "legacy", "lower",
                                    "new_host", "not", "path", "replace", "trim", "true", "upper", "url", "username",
                                    "vendor", "with_host"]),
        ("for vendor talkover where s", []),
        ("for vendor talkover where t", ["timeout", "trim", "true"]),
        ("for vendor jogg where url starts ", ["with"]),
        ("for vendor jogg where url c", ["contains"]),
        ("for vendor jogg where enabled ", ["!=", "==", "add", "and", "contains", "disable", "enable", "ends", "has",
                                            "in", "matches", "or", "remove", "set", "starts", "{"]),
        ("for vendor jogg where url contains le", ["legacy"]),
        ("let x = ", ["[", "false", "host", "legacy", "lower", "new_host", "not", "path", "replace", "trim", "true",
                      "upper", "with_host"]),
        ("let ", []),
        ("for vendor jogg # set ", []),
    ])
    func conditionsAndLets(line: String, expected: [String]) {
        #expect(Self.candidates(line) == expected)
    }

    @Test(arguments: [
        ("for vendor heygen where events has ", ["\"avatar_video.fail\"", "\"avatar_video.success\"", "all", "any"]),
        ("for vendor heygen where events has any [", ["\"avatar_video.fail\"", "\"avatar_video.success\""]),
        ("for vendor heygen, talkover add events [\"avatar_video.success\", ",
         ["\"avatar_video.fail\"", "\"avatar_video.success\"", "\"call_ended\"", "\"call_started\""]),
        ("for vendor talkover remove events [\"call_s", ["call_started"]),
        ("for vendor argil add events [\"VIDEO", ["VIDEO_GENERATION_FAILED", "VIDEO_GENERATION_SUCCESS"]),
        ("for vendor heygen add ", ["events"]),
        ("for vendor heygen add events [\"", ["avatar_video.fail", "avatar_video.success"]),
        ("for vendor heygen set events [", ["\"avatar_video.fail\"", "\"avatar_video.success\""]),
        ("for vendor heygen set events [\"avatar_video.fail\", ", ["\"avatar_video.fail\"", "\"avatar_video.success\""]),
        ("for vendor talkover set url \"https://x\" events [\"call_e", ["call_ended"]),
        ("for vendor heygen set events [\"avatar_video.fail\"] ", ["events", "url"]),
        ("for vendor heygen set url \"https://", []),
    ])
    func eventNames(line: String, expected: [String]) {
        #expect(Self.candidates(line) == expected)
    }

    /// The live catalogues arrive while the first line is typed: a context made before they
    /// did completes event names once they are there.
    @Test func eventNamesAreReadAtEachCompletion() {
        let catalogue = Locked<[VendorID: [String]]>([:])
        let context = CompletionContext(eventNames: catalogue.withLock { $0 })
        #expect(Completer.complete("for vendor heygen add events [\"", context: context).candidates == [])
        catalogue.withLock { $0[.heygen] = ["avatar_video.success"] }
        #expect(Completer.complete("for vendor heygen add events [\"", context: context).candidates == ["avatar_video.success"])
    }

    @Test func insideAStringTheClosingQuoteFollowsAUniqueEvent() {
        let completion = Completer.complete("for vendor talkover add events [\"call_e", context: Self.context)
        #expect(completion.word == "call_e")
        #expect(completion.candidates == ["call_ended"])
        #expect(completion.terminator == "\"")
    }

    @Test func blocksUseTheVendorsOfTheirRuleHeader() {
        #expect(Self.candidates("  set ", pending: ["for vendor composio where url contains \"x\" {"])
            == ["events", "url", "version"])
        #expect(Self.candidates("  ", pending: ["for vendor jogg {", "  enable"])
            == ["add", "disable", "enable", "remove", "set", "}"])
        #expect(Self.candidates("  set url \"https://a.b\" ", pending: ["for vendor heygen {"]) == ["events", "url", "}"])
        #expect(Self.candidates("", pending: ["for vendor heygen {", "  set url url", "}"]) == ["for", "let"])
    }

    @Test(arguments: [
        (":", MetaCommand.names.sorted()),
        (":in", [":inventory"]),
        (":re", [":refresh", ":review"]),
        (":fields t", ["talkover"]),
        (":fields talkover ", []),
        (":inventory ", ["argil", "composio", "heygen", "jogg", "talkover", "where"]),
        (":inventory heygen where use", ["username"]),
        (":inventory where ur", ["url"]),
        (":load ", ["examples/", "notes.txt"]),
        (":save examples/t", ["examples/talkover.rehook"]),
    ])
    func metaCommands(line: String, expected: [String]) {
        #expect(Self.candidates(line) == expected)
    }

    @Test func aDirectoryCompletesWithoutATrailingSpace() {
        let completion = Completer.complete(":load ex", context: Self.context)
        #expect(completion.candidates == ["examples/"])
        #expect(completion.terminator == "")
        #expect(Completer.complete(":load examples/m", context: Self.context).terminator == " ")
    }

    @Test func theCommonPrefixIsWhatTabInserts() {
        let completion = Completer.complete("for vendor talkover where events has \"call_", context: Self.context)
        #expect(completion.candidates == ["call_ended", "call_started"])
        #expect(completion.commonPrefix == "call_")
    }

    @Test func theWordStopsAtTheSameBreakCharactersReadlineUses() {
        #expect(Completer.complete("for vendor heygen set url replace(ur", context: Self.context).word == "ur")
        #expect(Completer.complete(":load examples/ta", context: Self.context).word == "examples/ta")
        #expect(Completer.wordBreakCharacters.contains("\""))
        #expect(!Completer.wordBreakCharacters.contains("."))
    }
}
