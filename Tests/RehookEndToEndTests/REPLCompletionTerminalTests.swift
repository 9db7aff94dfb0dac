import Foundation
import RehookTestSupport
import Testing

/// `rehook repl --sandbox` through a pseudo-terminal: completion at the positions that used to
/// offer nothing or too much, and `:review` answered with single keys, against the embedded
/// sandbox over loopback HTTP. Each session is fresh: its first line is the one completed.
@Suite(.serialized) struct REPLCompletionTerminalTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func start() throws -> PseudoTerminal {
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "TERM": "dumb", "NO_COLOR": "1",
            "REHOOK_STATE_DIR": directory.appendingPathComponent(".rehook").path,
            "REHOOK_HISTORY_FILE": directory.appendingPathComponent("history").path,
            "INPUTRC": "/dev/null", "SWIFT_BACKTRACE": "interactive=no,color=no",
        ]
        let terminal = try PseudoTerminal(executable: RehookBinary.url, arguments: ["repl", "--sandbox"],
                                          environment: environment)
        try terminal.read(until: "rehook> ", timeout: .seconds(60))
        return terminal
    }

    /// Types `line` and `tabs` Tabs, reads until `expected` is listed, then Ctrl-C clears the
    /// line for the next case; returns what the terminal showed up to the Ctrl-C, bells removed.
    private static func candidates(_ terminal: PseudoTerminal, after line: String, tabs: Int = 2,
                                   expecting expected: String) throws -> String {
        var mark = terminal.output.endIndex
        try terminal.type(line + String(repeating: PseudoTerminal.tab, count: tabs))
        let listed = try terminal.read(until: expected, from: mark)
        mark = terminal.output.endIndex
        try terminal.type(PseudoTerminal.interrupt)
        let upToInterrupt = try terminal.read(until: "^C", from: mark)
        // The prompt after the ^C, not the one readline redrew under the listing.
        let afterInterrupt = try #require(terminal.output.range(of: "^C", options: .backwards)).upperBound
        try terminal.read(until: "rehook> ", from: afterInterrupt)
        let shown = listed + upToInterrupt.components(separatedBy: "^C").first!
        return shown.replacingOccurrences(of: "\u{07}", with: "") // readline's bell on an ambiguous Tab
    }

    private static func quit(_ terminal: PseudoTerminal) throws -> Int32 {
        try terminal.type(":quit" + PseudoTerminal.enter)
        return try terminal.waitForExit(timeout: .seconds(30))
    }

    @Test func eventNamesCompleteInsideAListOnTheFirstLineOfAFreshSession() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try start()
        let listed = try Self.candidates(terminal, after: "for vendor heygen add events [\"avatar_video",
                                         expecting: "avatar_video_gif.success")
        #expect(listed.contains("avatar_video.success"), "\(listed.debugDescription)")
        #expect(listed.contains("avatar_video_gif.fail"), "\(listed.debugDescription)")
        #expect(try Self.quit(terminal) == 0)
    }

    @Test func setEventsOffersEventNamesAndEnumsOfferOnlyTheirValues() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try start()
        // The first Tab opens the string (every candidate starts with a quote), the next two list.
        // The first Tab opens the string (every candidate starts with a quote), the next two list.
        let events = try Self.candidates(terminal, after: "for vendor heygen set events [", tabs: 3,
                                         expecting: "avatar_video.success")
        #expect(events.contains("set events [\""), "\(events.debugDescription)")
        #expect(events.contains("avatar_video.fail"), "\(events.debugDescription)")
        #expect(!events.contains("with_host"), "\(events.debugDescription)")

        // The first Tab inserts `"P`, common to "PATCH", "POST" and "PUT"; the next two list them.
        let methods = try Self.candidates(terminal, after: "for vendor talkover set http_method ", tabs: 3,
                                          expecting: "PUT")
        #expect(methods.contains("http_method \"P"), "\(methods.debugDescription)")
        #expect(methods.contains("PATCH") && methods.contains("POST"), "\(methods.debugDescription)")
        #expect(!methods.contains("max_retries"), "\(methods.debugDescription)")
        #expect(!methods.contains("replace"), "\(methods.debugDescription)")
        #expect(try Self.quit(terminal) == 0)
    }

    @Test func reviewTakesSingleKeysGoesBackShowsThePlanDiffAndAppliesWithProgress() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try start()
        var mark = terminal.output.endIndex
        try terminal.type("for vendor heygen where url starts with \"https://old.acme.com\" set url "
                          + "replace(url, \"https://old.acme.com\", \"https://hooks.acme.dev\")" + PseudoTerminal.enter)
        try terminal.read(until: "rehook> ", from: mark)

        mark = terminal.output.endIndex
        try terminal.type(":plan" + PseudoTerminal.enter)
        let plan = try terminal.read(until: "rehook> ", from: mark, timeout: .seconds(60)).replacingOccurrences(of: "\r\n", with: "\n")

        mark = terminal.output.endIndex
        try terminal.type(":review" + PseudoTerminal.enter)
        let first = try terminal.read(until: "[y,n,a,q,b,?]? ", from: mark, timeout: .seconds(60))
            .replacingOccurrences(of: "\r\n", with: "\n")
        // Each change is shown as the very block :plan printed for it.
        let block = try #require(first.components(separatedBy: "(1/13) ").last?.components(separatedBy: "Apply this change").first)
        #expect(block.hasPrefix("~ heygen/"), "\(first.debugDescription)")
        #expect(block.contains("+ \"https://hooks.acme.dev/"), "\(block.debugDescription)")
        #expect(plan.contains("\n" + block), "\(block.debugDescription) is not in the plan:\n\(plan)")

        mark = terminal.output.endIndex
        try terminal.type("b") // no Enter: one key is the answer
        #expect(try terminal.read(until: "[y,n,a,q,b,?]? ", from: mark).contains("this is the first change"))
        mark = terminal.output.endIndex
        try terminal.type("y")
        #expect(try terminal.read(until: "[y,n,a,q,b,?]? ", from: mark).contains("(2/13) ~ heygen/"))
        mark = terminal.output.endIndex
        try terminal.type("b")
        #expect(try terminal.read(until: "[y,n,a,q,b,?]? ", from: mark).contains("(1/13) ~ heygen/"))
        mark = terminal.output.endIndex
        try terminal.type("y")
        try terminal.read(until: "[y,n,a,q,b,?]? ", from: mark)
        mark = terminal.output.endIndex
        try terminal.type("q")
        let selected = try terminal.read(until: "Type 'yes' to apply: ", from: mark)
        #expect(selected.contains("selected 1 of 13 changes"), "\(selected.debugDescription)")
        mark = terminal.output.endIndex
        try terminal.type("yes" + PseudoTerminal.enter)
        let applied = try terminal.read(until: "rehook> ", from: mark, timeout: .seconds(60))
        #expect(applied.contains("all 1 changes applied"), "\(applied.debugDescription)")
        // :apply draws the same progress as rehook apply and ends with the run and its rollback plan.
        #expect(applied.contains("total     [####################]       1/1"), "\(applied.debugDescription)")
        #expect(applied.contains("rollback.json"), "\(applied.debugDescription)")
        #expect(try Self.quit(terminal) == 0)
    }
}
