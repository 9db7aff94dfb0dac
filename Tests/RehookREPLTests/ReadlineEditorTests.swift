import Foundation
import RehookTestSupport
import Testing
@testable import RehookREPL

/// A REPL on a readline editor attached to a fresh pseudo-terminal in this process. Used by
/// one thread at a time (the test's typing thread), hence unchecked.
final class ReadlineSession: @unchecked Sendable {
    let terminal: PseudoTerminal
    let otherEnd: Int32
    let interrupts = Interrupts()
    let historyPath: String
    /// The exit status and the session script once the REPL has stopped.
    let finished: Task<(status: Int32, script: String), Never>

    init(history directory: URL) throws {
        (terminal, otherEnd) = try PseudoTerminal.pair()
        historyPath = directory.appendingPathComponent("history").path
        let editor = ReadlineEditor(history: HistoryPolicy(path: historyPath), interrupts: interrupts, terminal: otherEnd)
        let output = OutputBuffer()
        finished = Task { [interrupts] in
            let repl = REPL(backend: FakeBackend(), input: editor, output: output.output, interrupts: interrupts)
            let status = await repl.run()
            return (status, repl.sessionScript)
        }
    }

    deinit { close(otherEnd) }
}

/// The readline editor driven by real keystrokes (in the serialized pseudo-terminal suite).
extension PseudoTerminalTests {
    @Test func completionContinuationCtrlCHistoryAndQuit() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = try ReadlineSession(history: directory)
        // Type on a thread of its own: waiting for terminal output must not hold a thread the
        // REPL's tasks need.
        try await runOnOwnThread { Result { try Self.typeSession(session) } }.get()
        let (status, script) = await session.finished.value
        #expect(status == 0)
        #expect(script == "for vendor talkover {\n  set max_retries 3\n}\n")
        #expect(try String(contentsOfFile: session.historyPath, encoding: .utf8)
            == "for vendor talkover {\n  set max_retries 3\n}\n:quit\n")
    }

    /// Completion, a block, Ctrl-C, then :quit.
    private static func typeSession(_ session: ReadlineSession) throws {
        let terminal = session.terminal
        try terminal.read(until: "rehook> ")

        // Tab completes the vendor, then a field the rule's vendor can set, inside a block.
        try terminal.type("for vendor talk" + PseudoTerminal.tab)
        try terminal.read(until: "for vendor talkover ")
        try terminal.type("{" + PseudoTerminal.enter)
        var mark = terminal.output.endIndex
        try terminal.read(until: "   ...> ", from: mark)
        try terminal.type("  set max_r" + PseudoTerminal.tab + "3" + PseudoTerminal.enter + "}" + PseudoTerminal.enter)
        try terminal.read(until: "set max_retries 3", from: mark)
        try terminal.read(until: "rehook> ", from: mark)

        // Ctrl-C (delivered as the SIGINT forwarder would) drops the half-typed line.
        mark = terminal.output.endIndex
        try terminal.type("for vendor jogg dis")
        try terminal.read(until: "jogg dis", from: mark)
        session.interrupts.deliver()
        try terminal.read(until: "^C\r\n", from: mark)
        try terminal.type(":quit" + PseudoTerminal.enter)
    }
}
