import Foundation
import RehookModel

/// Where commands write. Unbuffered, so that a reader of a pipe sees lines at once and
/// output interleaves correctly with diagnostics.
///
/// A reader that goes away (`rehook apply --json … | head -1`: the write fails with EPIPE, as
/// SIGPIPE is ignored) is not a failure of the command: what it would have read is dropped,
/// standard error says so once, and the command carries on — an apply finishes and journals
/// every outcome instead of dying half-way (Foundation's non-throwing `write` traps).
public enum Console {
    public typealias Stream = StandardStream

    private static let outputIsGone = Flag()

    /// A thread-safe once-only flag.
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var isSet = false

        var value: Bool { lock.withLock { isSet } }

        /// Sets the flag; true only for the call that set it.
        func set() -> Bool {
            lock.withLock {
                defer { isSet = true }
                return !isSet
            }
        }
    }

    /// Writes a line (a newline added if missing) to standard output, URL credentials masked
    /// (`URLCredentials`): every plan, event, summary and message a command prints comes here.
    public static func out(_ text: String) {
        write(Data(line(text).utf8), to: .output)
    }

    /// `out(_:)` for standard error.
    public static func error(_ text: String) {
        write(Data(line(text).utf8), to: .error)
    }

    /// Writes `text` as it is (no newline added), URL credentials masked.
    public static func text(_ text: String, to stream: Stream) {
        write(Data(URLCredentials.masking(in: text).utf8), to: stream)
    }

    private static func line(_ text: String) -> String {
        let masked = URLCredentials.masking(in: text)
        return masked.hasSuffix("\n") ? masked : masked + "\n"
    }

    /// Writes `bytes` as they are (no newline added); never traps.
    public static func write(_ bytes: some DataProtocol, to stream: Stream) {
        switch stream {
        case .output:
            guard !outputIsGone.value else { return }
            do {
                try FileHandle.standardOutput.write(contentsOf: bytes)
            } catch {
                if outputIsGone.set() {
                    write(Data("rehook: standard output was closed; the rest of the output is dropped, the command carries on\n".utf8),
                          to: .error)
                }
            }
        case .error:
            try? FileHandle.standardError.write(contentsOf: bytes)
        }
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
