import Foundation

/// Runs the built `rehook` executable as a user would, capturing its output.
enum RehookBinary {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Both streams, for checks that something appears (or not) anywhere in the output.
        var allOutput: String { stdout + stderr }
    }

    /// A started `rehook` process whose output goes to files in its own scratch folder.
    final class Launched: Sendable {
        let process: Process
        let scratch: URL
        private let exit: Task<Int32, Never>

        fileprivate init(process: Process, scratch: URL, exit: Task<Int32, Never>) {
            self.process = process
            self.scratch = scratch
            self.exit = exit
        }

        /// Waits (without blocking a thread) for the process to end; returns its status and output.
        func result() async throws -> Result {
            try collect(status: await exit.value)
        }

        /// The output so far with `status`; removes the scratch folder.
        fileprivate func collect(status: Int32) throws -> Result {
            defer { try? FileManager.default.removeItem(at: scratch) }
            return Result(status: status,
                          stdout: String(decoding: try Data(contentsOf: scratch.appendingPathComponent("stdout")), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: scratch.appendingPathComponent("stderr")), as: UTF8.self))
        }
    }

    /// The `rehook` binary in the build products folder that holds this test bundle.
    static var url: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("rehook")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("rehook")
    }

    /// Runs rehook with `arguments`, in an environment with no vendor credentials or
    /// overrides unless `environment` adds them, and `stdin` (empty by default).
    /// Blocks the calling thread: use `run(_:environment:stdin:currentDirectory:) async` when the
    /// test itself serves rehook (an in-process sandbox needs the cooperative threads).
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "",
                    currentDirectory: URL? = nil) throws -> Result {
        let launched = try launch(arguments, environment: environment, stdin: stdin, currentDirectory: currentDirectory)
        launched.process.waitUntilExit()
        return try launched.collect(status: launched.process.terminationStatus)
    }

    /// Runs rehook and waits for it without holding a thread.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "",
                    currentDirectory: URL? = nil) async throws -> Result {
        try await launch(arguments, environment: environment, stdin: stdin, currentDirectory: currentDirectory).result()
    }

    /// Starts rehook and returns at once; `Launched.result()` waits for it.
    static func launch(_ arguments: [String], environment: [String: String] = [:], stdin: String = "",
                       currentDirectory: URL? = nil) throws -> Launched {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("rehook-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data(stdin.utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasSuffix("_API_KEY") && !key.hasSuffix("_API_TOKEN") && !key.hasPrefix("REHOOK_")
        }
        env["NO_COLOR"] = "1"
        env.merge(environment) { $1 }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let (statuses, feed) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { finished in
            feed.yield(finished.terminationStatus)
            feed.finish()
        }
        try process.run()
        let exit = Task {
            var iterator = statuses.makeAsyncIterator()
            return await iterator.next() ?? -1
        }
        return Launched(process: process, scratch: scratch, exit: exit)
    }
}
