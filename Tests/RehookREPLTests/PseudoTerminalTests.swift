import Foundation
import Testing

/// Proves the pseudo-terminal helper with programs every Linux machine has.
@Suite struct PseudoTerminalTests {
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

    @Test func anInteractiveBashRunsCommandsAndCtrlCDiscardsTheLine() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let terminal = try PseudoTerminal(executable: URL(fileURLWithPath: "/bin/bash"),
                                          arguments: ["--norc", "--noprofile", "-i"], environment: Self.environment(home: home))
        try terminal.read(until: "pty$ ")
        try terminal.type("echo $((6 * 7))\r")
        // Type only at a prompt: between commands the terminal is not in readline's hands.
        try terminal.read(until: "42\r\npty$ ")
        let mark = terminal.output.endIndex
        try terminal.type("echo discarded")
        try terminal.read(until: "discarded", from: mark)
        try terminal.type(PseudoTerminal.interrupt)
        // Bash shows ^C and a fresh prompt: Ctrl-C arrived as SIGINT (the terminal is the
        // controlling one) and the line was dropped.
        try terminal.read(until: "discarded^C\r\npty$ ", from: mark)
        try terminal.type("echo kept\r")
        let after = try terminal.read(until: "kept\r\n", from: mark)
        #expect(!after.contains("\ndiscarded"), "the discarded line was never run")
        try terminal.type("exit 3\r")
        #expect(try terminal.waitForExit() == 3)
    }

    @Test func bracketedPasteSwitchesAreStripped() {
        #expect(PseudoTerminal.strippingBracketedPaste("\u{1B}[?2004hpty$ \u{1B}[?2004l\r") == "pty$ \r")
    }
}
