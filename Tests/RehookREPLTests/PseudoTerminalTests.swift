import Foundation
import RehookTestSupport
import Testing

/// Proves the pseudo-terminal helper with programs every Linux machine has, and drives the
/// readline editor through it (ReadlineEditorTests.swift). Serialized: these tests block a
/// thread while they wait for terminal output, and readline is process-global.
@Suite(.serialized) struct PseudoTerminalTests {
    static func environment(home: URL) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": home.path, "TERM": "dumb", "PS1": "pty$ ", "LANG": "C.UTF-8"]
    }

    @Test func catEchoesWhatIsTypedAndEndsOnCtrlD() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try PseudoTerminal(executable: URL(fileURLWithPath: "/bin/cat"), environment: Self.environment(home: home))
        try terminal.type("héllo\r")
        // The terminal echoes the line, then cat writes it back.
        try terminal.read(until: "héllo\r\nhéllo\r\n")
        try terminal.type(PseudoTerminal.endOfFile)
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func anInteractiveBashRunsCommandsAndCtrlCInterruptsTheForegroundJob() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try PseudoTerminal(executable: URL(fileURLWithPath: "/bin/bash"),
                                          arguments: ["--norc", "--noprofile", "-i"], environment: Self.environment(home: home))
        try terminal.read(until: "pty$ ")
        try terminal.type("echo $((6 * 7))\r")
        try terminal.read(until: "42\r\npty$ ")
        let mark = terminal.output.endIndex
        // Ctrl-C once the job runs (it prints "started" itself, then becomes sleep): the terminal
        // is the controlling one, so SIGINT reaches the foreground job; bash reports status 130.
        try terminal.type("sh -c 'echo started; exec sleep 30'\r")
        try terminal.read(until: "started\r\n", from: mark)
        try terminal.type(PseudoTerminal.interrupt)
        try terminal.read(until: "pty$ ", from: terminal.output.endIndex)
        try terminal.type("echo status=$?\r")
        try terminal.read(until: "status=130\r\n", from: mark)
        try terminal.type("exit 3\r")
        #expect(try terminal.waitForExit() == 3)
    }

    @Test func bracketedPasteSwitchesAreStripped() {
        #expect(PseudoTerminal.strippingBracketedPaste("\u{1B}[?2004hpty$ \u{1B}[?2004l\r") == "pty$ \r")
    }
}
