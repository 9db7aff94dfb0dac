import Foundation

/// Runs a program from the repository's `scripts/` (through `/usr/bin/env`, in the repository
/// folder, standard input empty) and collects what it wrote to standard output and error.
enum RepositoryScript {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `arguments` start with the interpreter, e.g. `["python3", "scripts/schemas/validate", …]`;
    /// `environment` is added to this process's.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws
        -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-script-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = repository
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try output.close()
        return (status, String(decoding: try Data(contentsOf: log), as: UTF8.self))
    }
}

/// Runs blocking work — a pseudo-terminal session that waits on reads — on a thread of its own
/// and returns what it collected: blocked in a test body, it would hold one of the few threads
/// of Swift's cooperative pool (two on two cores) that every other test running meanwhile needs.
/// Expectations belong after it, in the test.
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
    }
}
