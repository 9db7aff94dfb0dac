import Foundation
import RehookModel
import RehookTestSupport
import Testing

/// Progress goes to standard error, and is drawn as live lines when *standard error* is a
/// terminal, whatever standard output is; off a terminal, a status line every few seconds.
@Suite struct ProgressOutputTests {
    /// `rehook apply … > file` at a terminal: listing lines and bars with a total line on the
    /// terminal, the summary (and no escape code) in the file.
    @Test func barsAreDrawnWhenStandardErrorIsATerminalAndStandardOutputIsAFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdout = directory.appendingPathComponent("stdout")
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "TERM": "dumb", "NO_COLOR": "1",
            "REHOOK_STATE_DIR": directory.appendingPathComponent(".rehook").path,
            "SWIFT_BACKTRACE": "interactive=no,color=no",
        ]
        let script = RepositoryScript.repository.appendingPathComponent("examples/domain-move.rehook").path
        let (status, shown) = try await onOwnThread {
            let terminal = try PseudoTerminal(executable: RehookBinary.url, arguments: ["apply", "--sandbox", "--yes", script],
                                              environment: environment, standardOutput: stdout)
            return (try terminal.waitForExit(timeout: .seconds(120)), terminal.output)
        }
        let written = String(decoding: try Data(contentsOf: stdout), as: UTF8.self)
        #expect(status == 0, "\(shown)\n\(written)")
        #expect(shown.contains(" reading "), "\(shown.debugDescription)")
        #expect(shown.contains(" accounts  "), "\(shown.debugDescription)")
        #expect(shown.contains("total     [####################]"), "\(shown.debugDescription)")
        #expect(shown.contains("429s 0"), "\(shown.debugDescription)")
        #expect(shown.contains("\u{1B}[2K"), "bars are redrawn in place")
        #expect(written.contains("changes applied"), "\(written)")
        #expect(!written.contains("\u{1B}"), "\(written.debugDescription)")
        #expect(!written.contains("progress: "))
    }

    /// Off a terminal, a read that takes seconds (six pages at one request a second) gets
    /// status lines on standard error; standard output has only the table.
    @Test func aSlowReadOffATerminalPrintsStatusLinesToStandardError() async throws {
        let fixture = Workspace.fleet([.composio], accounts: 1, webhooks: 505...505, seed: 5)
        try await Workspace.withSandbox(fixture, rate: "1/s") { workspace in
            let result = try await workspace.rehook(["inventory"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("reading: composio 0/1 accounts | "), "\(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "\(result.stderr.debugDescription)")
            #expect(!result.stdout.contains("reading"), "progress must not reach standard output")
            #expect(result.stdout.contains("505 webhooks in 1 account."), "\(result.stdout.suffix(200))")
        }
    }
}
