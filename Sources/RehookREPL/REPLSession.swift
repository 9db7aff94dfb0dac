import Foundation
import RehookLanguage

/// The script a REPL session has built: accepted statements, in order, and the names they bind.
/// Only statements that checked without errors are ever added.
public struct REPLSession: Sendable {
    /// The accepted statements' texts, one entry per statement.
    public private(set) var statements: [String] = []
    /// The names bound so far, for checking the next input.
    public private(set) var context = CheckContext()

    public init() {}

    /// The session script, one statement after the other.
    public var script: String { statements.map { $0 + "\n" }.joined() }

    /// Names of the session's `let`s (completion).
    public var variableNames: [String] { context.names }

    /// Checks `text` as a continuation of the session; `path` labels its diagnostics.
    public func check(_ text: String, path: String) -> CheckedScript {
        Frontend.check(SourceFile(path: path, text: text), context: context)
    }

    /// Adds the statements of `checked` (which must come from `check` and have no errors);
    /// returns how many were added.
    @discardableResult
    public mutating func add(_ checked: CheckedScript) -> Int {
        guard !checked.hasErrors else { return 0 }
        let texts = checked.script.statements.map { checked.source.text(in: $0.range) }
        statements += texts
        context = checked.context
        return texts.count
    }

    /// Drops the last statement; returns its text, or nil when the session is empty.
    public mutating func undo() -> String? {
        guard let last = statements.popLast() else { return nil }
        context = Frontend.check(SourceFile(path: Self.scriptPath, text: script)).context
        return last
    }

    public mutating func clear() { self = REPLSession() }

    /// The whole session script, checked from scratch, as the backend plans it.
    public func checkedScript() -> CheckedScript {
        Frontend.check(SourceFile(path: Self.scriptPath, text: script))
    }

    /// Writes the session script to `path`.
    public func save(to path: String) throws {
        try Data(script.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Diagnostics worth showing for interactive input: a `let` typed on its own is always
    /// "never used" at that moment, so that warning is left out.
    public static func shown(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.filter { !($0.severity == .warning && $0.message.hasSuffix(" is never used")) }
    }

    /// The label of the session script in diagnostics.
    public static let scriptPath = "<session>"
}
