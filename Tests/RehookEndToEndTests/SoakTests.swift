import Foundation
import Testing

/// The reliability suite's short form (`scripts/soak/run --short`) as part of `swift test`, so
/// CI runs it: chaos (200 changes under 5xx, drops, slow answers and 429 bursts), three kill -9
/// and resume rounds, and the secrets grep, all against `rehook sandbox` with the built binary.
/// The malformed-input phase is left out here because it is these same Swift tests.
@Suite struct SoakTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.timeLimit(.minutes(10)))
    func shortSoakPasses() async throws {
        let script = Self.repository.appendingPathComponent("scripts/soak/run")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "missing \(script.path)")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-soak-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script.path, "--short", "--no-swift-tests"]
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment["REHOOK_BIN"] = RehookBinary.url.path
        process.environment = environment
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try output.close()

        let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        let failures = text.split(separator: "\n").filter { $0.contains("FAIL") }
        #expect(status == 0, "soak exited \(status):\n\(failures.joined(separator: "\n"))\n\(text.suffix(2_000))")
        #expect(text.contains(" passed, 0 failed"), "\(text.suffix(2_000))")
        #expect(failures.isEmpty)
    }
}
