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

    /// Starts `rehook repl --sandbox` in this test's folder and waits for its first prompt.
    private static func start(in directory: URL) throws -> PseudoTerminal {
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
        guard let afterInterrupt = terminal.output.range(of: "^C", options: .backwards)?.upperBound else {
            throw PseudoTerminal.Failure(description: "no ^C after the listing")
        }
        try terminal.read(until: "rehook> ", from: afterInterrupt)
        let shown = listed + (upToInterrupt.components(separatedBy: "^C").first ?? "")
        return shown.replacingOccurrences(of: "\u{07}", with: "") // readline's bell on an ambiguous Tab
    }

    private static func quit(_ terminal: PseudoTerminal) throws -> Int32 {
        try terminal.type(":quit" + PseudoTerminal.enter)
        return try terminal.waitForExit(timeout: .seconds(30))
    }

    @Test func eventNamesCompleteInsideAListOnTheFirstLineOfAFreshSession() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (listed, status) = try await onOwnThread { [directory] in
            let terminal = try Self.start(in: directory)
            let listed = try Self.candidates(terminal, after: "for vendor heygen add events [\"avatar_video",
                                             expecting: "avatar_video_gif.success")
            return (listed, try Self.quit(terminal))
        }
        #expect(listed.contains("avatar_video.success"), "\(listed.debugDescription)")
        #expect(listed.contains("avatar_video_gif.fail"), "\(listed.debugDescription)")
        #expect(status == 0)
    }

    @Test func setEventsOffersEventNamesAndEnumsOfferOnlyTheirValues() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (events, methods, status) = try await onOwnThread { [directory] in
            let terminal = try Self.start(in: directory)
            // The first Tab opens the string (every candidate starts with a quote), the next two list.
            let events = try Self.candidates(terminal, after: "for vendor heygen set events [", tabs: 3,
                                             expecting: "avatar_video.success")
            // The first Tab inserts `"P`, common to "PATCH", "POST" and "PUT"; the next two list them.
            let methods = try Self.candidates(terminal, after: "for vendor talkover set http_method ", tabs: 3,
                                              expecting: "PUT")
            return (events, methods, try Self.quit(terminal))
        }
        #expect(events.contains("set events [\""), "\(events.debugDescription)")
        #expect(events.contains("avatar_video.fail"), "\(events.debugDescription)")
        #expect(!events.contains("with_host"), "\(events.debugDescription)")
        #expect(methods.contains("http_method \"P"), "\(methods.debugDescription)")
        #expect(methods.contains("PATCH") && methods.contains("POST"), "\(methods.debugDescription)")
        #expect(!methods.contains("max_retries"), "\(methods.debugDescription)")
        #expect(!methods.contains("replace"), "\(methods.debugDescription)")
        #expect(status == 0)
    }

    /// What a `:review` session showed at each step.
    private struct ReviewTranscript: Sendable {
        var plan = "", first = "", backAtFirst = "", afterYes = "", backAgain = "", selected = "", applied = ""
        var status: Int32 = -1
    }

    @Test func reviewTakesSingleKeysGoesBackShowsThePlanDiffAndAppliesWithProgress() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let seen = try await onOwnThread { [directory] in
            var seen = ReviewTranscript()
            let terminal = try Self.start(in: directory)
            func step(_ keys: String, until marker: String) throws -> String {
                let mark = terminal.output.endIndex
                try terminal.type(keys)
                return try terminal.read(until: marker, from: mark, timeout: .seconds(60)).replacingOccurrences(of: "\r\n", with: "\n")
            }
            let question = "[y,n,a,q,b,?]? "
            _ = try step("for vendor heygen where url starts with \"https://old.acme.com\" set url "
                         + "replace(url, \"https://old.acme.com\", \"https://hooks.acme.dev\")" + PseudoTerminal.enter,
                         until: "rehook> ")
            seen.plan = try step(":plan" + PseudoTerminal.enter, until: "rehook> ")
            seen.first = try step(":review" + PseudoTerminal.enter, until: question)
            seen.backAtFirst = try step("b", until: question) // no Enter: one key is the answer
            seen.afterYes = try step("y", until: question)
            seen.backAgain = try step("b", until: question)
            _ = try step("y", until: question)
            seen.selected = try step("q", until: "Type 'yes' to apply: ")
            seen.applied = try step("yes" + PseudoTerminal.enter, until: "rehook> ")
            seen.status = try Self.quit(terminal)
            return seen
        }
        // Each change is shown as the very block :plan printed for it.
        let block = try #require(seen.first.components(separatedBy: "(1/13) ").last?.components(separatedBy: "Apply this change").first)
        #expect(block.hasPrefix("~ heygen/"), "\(seen.first.debugDescription)")
        #expect(block.contains("+ \"https://hooks.acme.dev/"), "\(block.debugDescription)")
        #expect(seen.plan.contains("\n" + block), "\(block.debugDescription) is not in the plan:\n\(seen.plan)")
        #expect(seen.backAtFirst.contains("this is the first change"))
        #expect(seen.afterYes.contains("(2/13) ~ heygen/"))
        #expect(seen.backAgain.contains("(1/13) ~ heygen/"))
        #expect(seen.selected.contains("selected 1 of 13 changes"), "\(seen.selected.debugDescription)")
        #expect(seen.applied.contains("all 1 changes applied"), "\(seen.applied.debugDescription)")
        // :apply draws the same progress as rehook apply and ends with the run and its rollback plan.
        #expect(seen.applied.contains("total     [####################]       1/1"), "\(seen.applied.debugDescription)")
        #expect(seen.applied.contains("rollback.json"), "\(seen.applied.debugDescription)")
        #expect(seen.status == 0)
    }
}
