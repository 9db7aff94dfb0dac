/// rehook's exit codes, defined once for every command, the engine and the REPL (README).
public enum ExitCodes {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    /// `plan --detailed-exitcode` and the plan has changes.
    public static let planHasChanges: Int32 = 2
    /// Some changes applied, some failed.
    public static let partiallyApplied: Int32 = 3
    /// Changes skipped because their webhook changed since the plan; none failed.
    public static let staleSkipped: Int32 = 4
    /// A usage error (sysexits EX_USAGE), as ArgumentParser reports a `ValidationError`.
    public static let usage: Int32 = 64
    /// A script has errors (sysexits EX_DATAERR).
    public static let scriptErrors: Int32 = 65
    /// Interrupted (SIGINT), as a shell reports a process killed by it.
    public static let interrupted: Int32 = 130
}
