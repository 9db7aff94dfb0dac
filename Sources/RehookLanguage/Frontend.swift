import RehookModel

/// The result of checking a script: its AST and every diagnostic, sorted by position.
public struct CheckedScript: Sendable {
    public let source: SourceFile
    public let script: Script
    public let diagnostics: [Diagnostic]
    /// The names bound after this script (pass to the next `check` to continue a session).
    public let context: CheckContext

    /// At least one diagnostic is an error; such a script must not be planned.
    public var hasErrors: Bool { diagnostics.hasErrors }

    /// An evaluator holding the values of the script's (and earlier context's) `let`s.
    public var evaluator: Evaluator { Evaluator(variables: context.values) }
}

/// The one-call front end: lex, parse and check.
public enum Frontend {
    /// Lexes, parses and checks `source`. `context` holds names bound earlier (the REPL's
    /// session); a file starts from an empty one.
    public static func check(_ source: SourceFile, context: CheckContext = CheckContext()) -> CheckedScript {
        var parser = Parser(source, variables: Set(context.variables.keys))
        let script = parser.parseScript()
        var checker = Checker(source: source, context: context, parseDiagnostics: parser.diagnostics)
        checker.check(script)
        return CheckedScript(source: source, script: script,
                             diagnostics: (parser.diagnostics + checker.diagnostics).sortedByPosition,
                             context: checker.context)
    }

    /// Every keyword, plus the contextual words `vendor` and `events` (for completion).
    public static var keywords: [String] { (Keyword.allCases.map(\.rawValue) + ["vendor", "events"]).sorted() }

    /// Names of the builtin functions (for completion).
    public static var builtinNames: [String] { Builtin.allCases.map(\.rawValue) }
}
