import Foundation
import RehookLanguage

/// Output format of `rehook check`.
public enum CheckOutputFormat: String, Sendable, CaseIterable {
    /// Compiler-style text with source excerpts, on stderr.
    case text
    /// One JSON document on stdout (see `CheckReport`).
    case json
}

/// `rehook check FILE...`: lexes, parses and checks scripts without contacting any vendor.
public enum CheckScripts {
    /// Exit status: every file read and free of errors (warnings allowed).
    public static let exitClean: Int32 = 0
    /// Exit status: a file could not be read (the others are still checked). Takes precedence.
    public static let exitUnreadable: Int32 = 1
    /// Exit status: at least one script has errors.
    public static let exitScriptErrors: Int32 = 65
    /// Scripts larger than this are refused rather than read.
    static let maximumFileSize = 64 * 1024 * 1024

    /// Checks each file in turn and writes diagnostics; returns the exit status.
    /// `colored` applies to text output only.
    public static func run(paths: [String], format: CheckOutputFormat, colored: Bool,
                           output: CheckOutput = .standard) -> Int32 {
        let renderer = DiagnosticRenderer(colored: colored)
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
        if unreadable { return exitUnreadable }
        return report.errorCount > 0 ? exitScriptErrors : exitClean
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
        standard: { Console.write(Data($0.utf8), to: .output) },
        error: { Console.write(Data($0.utf8), to: .error) })
}
