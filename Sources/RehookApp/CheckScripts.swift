import ArgumentParser
import Foundation
import RehookLanguage
import RehookModel

/// Output format of `rehook check`.
public enum CheckOutputFormat: String, Sendable, CaseIterable {
    /// Compiler-style text with source excerpts, on stderr.
    case text
    /// One JSON document on stdout (see `CheckReport`).
    case json
}

extension CheckOutputFormat: ExpressibleByArgument {}

/// The `rehook check` arguments, parsed by the command line and handed over whole.
public struct CheckArguments: ParsableArguments {
    @Argument(help: "The scripts to check (.rehook files).", completion: .file(extensions: ["rehook"]))
    public var files: [String]

    @Option(help: "Diagnostics as 'text' (stderr) or 'json' (stdout).")
    public var format: CheckOutputFormat = .text

    @OptionGroup public var output: OutputOptions

    public init() {}
}

/// `rehook check FILE...`: lexes, parses and checks scripts without contacting any vendor.
public enum CheckScripts {
    /// `run` with the `check` command's arguments and the process's streams.
    public static func run(_ arguments: CheckArguments) -> Int32 {
        run(paths: arguments.files, format: arguments.format,
            outputPolicy: arguments.output.policy(environment: ProcessInfo.processInfo.environment))
    }

    /// Scripts larger than this are refused rather than read.
    static let maximumFileSize = 64 * 1024 * 1024

    /// Checks each file in turn and writes diagnostics; returns the exit status: failure when a
    /// file could not be read (the others are still checked; takes precedence), script errors
    /// when a script has errors, success otherwise (warnings allowed).
    /// Text diagnostics go to standard error, coloured as `outputPolicy` decides for it.
    public static func run(paths: [String], format: CheckOutputFormat, outputPolicy: OutputPolicy = OutputPolicy(),
                           output: CheckOutput = .standard) -> Int32 {
        let renderer = DiagnosticRenderer(policy: outputPolicy)
        var report = CheckReport()
        var unreadable = false
        for path in paths {
            let source: SourceFile
            switch read(path) {
            case .failure(let problem):
                unreadable = true
                report.files.append(.init(path: path, readError: problem.message, diagnostics: []))
                if format == .text { output.error("rehook: \(problem.message)\n") }
                continue
            case .success(let file):
                source = file
            }
            let checked = Frontend.check(source)
            report.files.append(.init(path: path, readError: nil, diagnostics: checked.diagnostics.map { .init($0, in: source) }))
            if format == .text && !checked.diagnostics.isEmpty {
                output.error(renderer.render(checked.diagnostics, in: source))
            }
        }
        switch format {
        case .text:
            if let summary = report.summary { output.error(summary + "\n") }
        case .json:
            output.standard(report.json + "\n")
        }
        if unreadable { return ExitCodes.failure }
        return report.errorCount > 0 ? ExitCodes.scriptErrors : ExitCodes.success
    }

    public struct ReadProblem: Error {
        public let message: String
    }

    /// The file as a source, or a one-line reason it cannot be read.
    public static func read(_ path: String) -> Result<SourceFile, ReadProblem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(ReadProblem(message: "\(path): no such file"))
        }
        if isDirectory.boolValue { return .failure(ReadProblem(message: "\(path): is a directory, not a script")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ReadProblem(message: "\(path): cannot be read (permission denied?)"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
            guard data.count <= maximumFileSize else {
                return .failure(ReadProblem(message: "\(path): larger than \(maximumFileSize / 1024 / 1024) MB, not checked"))
            }
            return .success(SourceFile(path: path, bytes: data))
        } catch {
            return .failure(ReadProblem(message: "\(path): cannot be read: \(error.localizedDescription)"))
        }
    }
}

/// Where `rehook check` writes: injectable for tests.
public struct CheckOutput: Sendable {
    public var standard: @Sendable (String) -> Void
    public var error: @Sendable (String) -> Void

    public init(standard: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.standard = standard
        self.error = error
    }

    /// The process's stdout and stderr.
    public static let standard = CheckOutput(
        standard: { Console.text($0, to: .output) },
        error: { Console.text($0, to: .error) })
}
