import Foundation
import Testing

/// `rehook repl` with piped input, as a shell script runs it.
@Suite struct REPLScriptedTests {
    /// Diagnostics go to standard error, as `rehook check`'s do; what was asked for stays on
    /// standard output.
    @Test func scriptedDiagnosticsGoToStandardErrorAndResultsToStandardOutput() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let result = try await workspace.rehook(["repl", "--sandbox"],
                                                    stdin: "for vendor heygen disable\n:show\n:fields heygn\n")
            #expect(result.status == 65, "\(result.allOutput)")
            #expect(result.stderr.contains("cannot be disabled"), "\(result.stderr)")
            #expect(result.stderr.contains("(not added to the session)"))
            #expect(result.stderr.contains("error: unknown vendor 'heygn'"))
            #expect(!result.stdout.contains("cannot be disabled"), "\(result.stdout)")
            #expect(!result.stdout.contains("error:"), "\(result.stdout)")
            #expect(result.stdout.contains("(the session is empty)"), "\(result.stdout)")
        }
    }
}
