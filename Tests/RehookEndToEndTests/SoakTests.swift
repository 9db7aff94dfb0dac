import Foundation
import Testing

/// The reliability suite's short form (`scripts/soak/run --short`) as part of `swift test`, so
/// CI runs it: chaos (200 changes under 5xx, drops, slow answers and 429 bursts), three kill -9
/// and resume rounds, and the secrets grep, all against `rehook sandbox` with the built binary.
/// The malformed-input phase is left out here because it is these same Swift tests.
@Suite struct SoakTests {
    @Test(.timeLimit(.minutes(10)))
    func shortSoakPasses() async throws {
        let script = RepositoryScript.repository.appendingPathComponent("scripts/soak/run")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "missing \(script.path)")
        let (status, text) = try await RepositoryScript.run(["bash", script.path, "--short", "--no-swift-tests"],
                                                            environment: ["REHOOK_BIN": RehookBinary.url.path])
        let failures = text.split(separator: "\n").filter { $0.contains("FAIL") }
        #expect(status == 0, "soak exited \(status):\n\(failures.joined(separator: "\n"))\n\(text.suffix(2_000))")
        #expect(text.contains(" passed, 0 failed"), "\(text.suffix(2_000))")
        #expect(failures.isEmpty)
    }
}
