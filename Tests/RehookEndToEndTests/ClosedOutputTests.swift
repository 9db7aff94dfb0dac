import Foundation
import Testing

/// A reader that goes away (`rehook apply --json … | true`) must not kill an apply half-way:
/// writes to the closed pipe fail with EPIPE (SIGPIPE is ignored), and Foundation's
/// non-throwing `FileHandle.write` used to trap there, leaving the run unfinished.
@Suite struct ClosedOutputTests {
    @Test func applyFinishesWhenItsStandardOutputIsClosed() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let stderr = workspace.directory.appendingPathComponent("apply.stderr")
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/bash")
            // `true` exits without reading: every write rehook makes to the pipe fails.
            shell.arguments = ["-c", #""$0" apply --sandbox --yes --json "$1" 2> "$2" | true; exit "${PIPESTATUS[0]}""#,
                               RehookBinary.url.path, PlanCommandTests.domainMove, stderr.path]
            shell.currentDirectoryURL = workspace.directory
            shell.environment = workspace.environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
            try shell.run()
            shell.waitUntilExit()
            let errors = String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
            #expect(shell.terminationStatus == 0, "\(errors)")
            #expect(errors.contains("standard output was closed"), "\(errors)")
            #expect(!errors.contains("crashed"), "\(errors)")

            let runs = try await workspace.rehook(["runs"])
            #expect(runs.stdout.contains("complete"), "\(runs.allOutput)")
            let planned = try await workspace.rehook(["plan", "--sandbox", "--detailed-exitcode", PlanCommandTests.domainMove])
            #expect(planned.status == 0, "every change applied: \(planned.allOutput)")
        }
    }
}
