import Foundation

/// Where commands write. Unbuffered, so that a reader of a pipe sees lines at once and
/// output interleaves correctly with diagnostics.
public enum Console {
    public static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    public static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Standard input and output are both terminals (an interactive user is there to answer).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }
}

/// A failure a command reports as one message, with the exit code it maps to.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitCodes.failure) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}

/// rehook's exit codes (README, docs/architecture.md).
public enum ExitCodes {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let planHasChanges: Int32 = 2
    public static let partiallyApplied: Int32 = 3
    public static let staleSkipped: Int32 = 4
    public static let usage: Int32 = 64
    public static let scriptErrors: Int32 = 65
    public static let interrupted: Int32 = 130
}

/// The folder rehook keeps state in: `.rehook/` in the current directory, or `REHOOK_STATE_DIR`.
public struct StateDirectory: Sendable {
    public let url: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let path = environment["REHOOK_STATE_DIR"], !path.isEmpty {
            url = URL(fileURLWithPath: path, isDirectory: true)
        } else {
            url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
                .appendingPathComponent(".rehook", isDirectory: true)
        }
    }

    public init(url: URL) { self.url = url }

    /// The embedded sandbox's state between commands.
    public var sandboxState: URL { url.appendingPathComponent("sandbox.json") }
    /// Apply runs, one folder each.
    public var runs: URL { url.appendingPathComponent("runs", isDirectory: true) }

    /// Creates the folder if needed.
    public func create() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
}
