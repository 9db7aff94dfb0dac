import Foundation
import RehookLanguage

/// The machine-readable result of `rehook check --format json`.
public struct CheckReport: Sendable, Codable {
    public var files: [File] = []

    /// One checked (or unreadable) file.
    public struct File: Sendable, Codable {
        public var path: String
        /// Why the file could not be read; nil when it was checked.
        public var readError: String?
        public var diagnostics: [Entry]

        enum CodingKeys: String, CodingKey { case path, readError = "read_error", diagnostics }
    }

    /// One diagnostic with line:column positions (columns count Unicode scalars).
    public struct Entry: Sendable, Codable {
        public var severity: String
        public var message: String
        public var line: Int
        public var column: Int
        public var endLine: Int
        public var endColumn: Int
        public var notes: [String]
        public var fixIts: [FixItEntry]

        init(_ diagnostic: Diagnostic, in source: SourceFile) {
            let start = source.location(of: diagnostic.range.start)
            let end = source.location(of: diagnostic.range.end)
            severity = diagnostic.severity.rawValue
            message = diagnostic.message
            line = start.line
            column = start.column
            endLine = end.line
            endColumn = end.column
            notes = diagnostic.notes.map { note in
                note.range.map { "\(source.location(of: $0.start)): \(note.message)" } ?? note.message
            }
            fixIts = diagnostic.fixIts.map { fixIt in
                FixItEntry(message: fixIt.message, line: source.location(of: fixIt.range.start).line,
                           column: source.location(of: fixIt.range.start).column,
                           original: source.text(in: fixIt.range), replacement: fixIt.replacement)
            }
        }

        enum CodingKeys: String, CodingKey {
            case severity, message, line, column, endLine = "end_line", endColumn = "end_column", notes, fixIts = "fix_its"
        }
    }

    /// A fix-it: replace `original` at line:column with `replacement`.
    public struct FixItEntry: Sendable, Codable {
        public var message: String
        public var line: Int
        public var column: Int
        public var original: String
        public var replacement: String
    }

    public var errorCount: Int { count(of: "error") }
    public var warningCount: Int { count(of: "warning") }

    private func count(of severity: String) -> Int {
        files.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == severity }.count }
    }

    /// "2 errors and 1 warning in 3 files", or nil when there is nothing to say.
    var summary: String? {
        guard errorCount + warningCount > 0 else { return nil }
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(errorCount, "error")) and \(plural(warningCount, "warning")) in \(plural(files.count, "file"))"
    }

    /// Pretty-printed JSON with sorted keys.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
