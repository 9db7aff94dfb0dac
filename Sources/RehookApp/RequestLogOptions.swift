import ArgumentParser
import Foundation
import Logging
import RehookModel

/// `--log-level` and `--log-file`: the request log (`RequestLog`, written by the account
/// pipelines), to standard error or a file. The one place its `Logger` is made.
public struct RequestLogOptions: ParsableArguments, Sendable {
    /// The levels a user chooses from.
    public enum Level: String, CaseIterable, Sendable, ExpressibleByArgument {
        case error, warning, info, debug, trace

        var loggerLevel: Logger.Level {
            switch self {
            case .error: .error
            case .warning: .warning
            case .info: .info
            case .debug: .debug
            case .trace: .trace
            }
        }
    }

    /// The variable read when `--log-level` is not given.
    public static let variable = "REHOOK_LOG_LEVEL"

    @Option(help: ArgumentHelp(
        "Request log level: error, warning, info, debug or trace (default: $REHOOK_LOG_LEVEL, else warning).",
        discussion: "At debug, one line per request: vendor, account, method, path, status, milliseconds, attempt, "
            + "waits and retry decisions. Never keys or secrets."))
    public var logLevel: Level?

    @Option(help: ArgumentHelp("Append the request log to this file instead of standard error.", valueName: "path"),
            completion: .file())
    public var logFile: String?

    public init() {}

    /// The log level in effect: `--log-level`, else `REHOOK_LOG_LEVEL`, else warning.
    public func level(environment: [String: String]) throws -> Level {
        if let logLevel { return logLevel }
        guard let text = environment[Self.variable], !text.isEmpty else { return .warning }
        guard let level = Level(rawValue: text.lowercased()) else {
            throw CommandFailure("\(Self.variable)=\(text) is not a log level (one of "
                                 + Level.allCases.map(\.rawValue).joined(separator: ", ") + ")",
                                 exitCode: ExitCodes.usage)
        }
        return level
    }

    /// The run's request logger, writing to `--log-file` or standard error.
    public func makeLogger(environment: [String: String]) throws -> Logger {
        let level = try self.level(environment: environment).loggerLevel
        let sink: LogSink
        if let logFile {
            sink = try LogSink(appendingTo: logFile)
        } else {
            sink = LogSink()
        }
        var logger = Logger(label: "rehook") { _ in LineLogHandler(sink: sink) }
        logger.logLevel = level
        return logger
    }
}

/// Where log lines go: standard error, or a file opened for appending. Lines are written whole.
final class LogSink: Sendable {
    private let file: Locked<FileHandle?>

    /// Standard error.
    init() { file = Locked(nil) }

    init(appendingTo path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CommandFailure("cannot create the log file \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("cannot open the log file \(path) for writing")
        }
        _ = try? handle.seekToEnd()
        file = Locked(handle)
    }

    func write(_ line: String) {
        file.withLock { handle in
            guard let handle else { return Console.write(Data(line.utf8), to: .error) }
            try? handle.write(contentsOf: Data(line.utf8))
        }
    }
}

/// One line per event: `2026-11-30T18:40:01.123Z debug request vendor=… account=…`.
struct LineLogHandler: LogHandler {
    let sink: LogSink
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let extra = metadata.merging(event.metadata ?? [:]) { $1 }
            .sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let time = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
        sink.write("\(time) \(event.level) \(event.message)\(extra)\n")
    }
}
