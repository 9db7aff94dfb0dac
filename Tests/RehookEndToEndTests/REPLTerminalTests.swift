import Foundation
import RehookTestSupport
import Testing

/// `rehook repl --sandbox` driven through a pseudo-terminal, as a person types: readline
/// editing, completion, a multi-line block, an error with its caret, `:plan` and `:apply`
/// against the embedded sandbox over loopback HTTP, and history kept across two sessions.
@Suite(.serialized) struct REPLTerminalTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private var environment: [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "TERM": "dumb", "NO_COLOR": "1",
            "REHOOK_STATE_DIR": directory.appendingPathComponent(".rehook").path,
            "REHOOK_HISTORY_FILE": directory.appendingPathComponent("history").path,
            "INPUTRC": "/dev/null", "SWIFT_BACKTRACE": "interactive=no,color=no",
        ]
    }

    private func start() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(executable: RehookBinary.url, arguments: ["repl", "--sandbox"],
                                          environment: environment)
        try terminal.read(until: "rehook> ", timeout: .seconds(60))
        return terminal
    }

    /// The exit status, or a failure that shows what the session printed last.
    private static func exitStatus(_ terminal: PseudoTerminal) throws -> Int32 {
        do {
            return try terminal.waitForExit(timeout: .seconds(30))
        } catch {
            throw PseudoTerminal.Failure(description: "\(error); last output: \(String(terminal.output.suffix(6000)).debugDescription)")
        }
    }

    @Test func completionBlockCaretPlanApplyAndHistoryAcrossSessions() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try start()

        // Completion of a field name the rule's vendor can set.
        var mark = terminal.output.endIndex
        try terminal.type("for vendor heygen where url starts with \"https://old.acme.com\" {" + PseudoTerminal.enter)
        try terminal.read(until: "   ...> ", from: mark)
        mark = terminal.output.endIndex
        try terminal.type("  set ur" + PseudoTerminal.tab)
        try terminal.read(until: "set url ", from: mark)
        try terminal.type("replace(url, \"https://old.acme.com\", \"https://hooks.acme.dev\")" + PseudoTerminal.enter)
        try terminal.read(until: "   ...> ", from: mark)
        mark = terminal.output.endIndex
        try terminal.type("}" + PseudoTerminal.enter)
        try terminal.read(until: "rehook> ", from: mark)

        // An error: a caret under the offending part of the line just typed; not added.
        mark = terminal.output.endIndex
        try terminal.type("for vendor heygen disable" + PseudoTerminal.enter)
        let error = try terminal.read(until: "rehook> ", from: mark)
        #expect(error.contains("cannot be disabled"))
        #expect(error.contains("^~~~~~~"))

        // :plan shows the diff against the sandbox's live webhooks.
        mark = terminal.output.endIndex
        try terminal.type(":plan" + PseudoTerminal.enter)
        let plan = try terminal.read(until: "rehook> ", from: mark, timeout: .seconds(60))
        #expect(plan.contains("+ \"https://hooks.acme.dev/webhooks/heygen/"))
        #expect(plan.contains("Plan: 13 webhooks to change in 1 vendor (heygen 13)"))

        // :apply asks, applies, and the next :plan has nothing left to do.
        mark = terminal.output.endIndex
        try terminal.type(":apply" + PseudoTerminal.enter)
        try terminal.read(until: "yes", from: mark, timeout: .seconds(60))
        try terminal.type("yes" + PseudoTerminal.enter)
        let applied = try terminal.read(until: "rehook> ", from: mark, timeout: .seconds(60))
        #expect(applied.contains("all 13 changes applied"))
        mark = terminal.output.endIndex
        try terminal.type(":plan" + PseudoTerminal.enter)
        #expect(try terminal.read(until: "rehook> ", from: mark, timeout: .seconds(60)).contains("No changes"))

        try terminal.type(":quit" + PseudoTerminal.enter)
        #expect(try Self.exitStatus(terminal) == 0)

        // A second session recalls the first one's lines with the up arrow.
        let second = try start()
        mark = second.output.endIndex
        try second.type("\u{1B}[A")
        try second.read(until: ":quit", from: mark)
        mark = second.output.endIndex
        try second.type("\u{1B}[A")
        try second.read(until: "plan", from: mark) // readline redraws ":quit" as ":plan" with backspaces
        try second.type("\u{15}:quit" + PseudoTerminal.enter) // Ctrl-U clears the recalled line
        #expect(try Self.exitStatus(second) == 0)
        let history = try String(contentsOf: directory.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains(":apply"))
    }
}
