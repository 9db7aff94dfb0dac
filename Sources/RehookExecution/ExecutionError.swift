import RehookModel

/// Failures of the engine itself (not of one change): unreadable run state, I/O.
public enum ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A journal line other than the last could not be read.
    case corruptJournalLine(path: String, line: Int, detail: String)
    /// A run file (plan.json, journal) is missing or unreadable.
    case unreadableRunFile(path: String, detail: String)
    /// A run's plan.json is not a plan this build reads; said exactly as `PlanFile.decode`
    /// says it for `rehook apply PLAN.json`.
    case unreadableRunPlan(PlanFileError)
    /// No run with this id under the state directory.
    case runNotFound(id: String, directory: String)
    /// Another process is executing or resuming this run.
    case runInProgress(id: String)
    /// Writing the journal or rollback plan failed.
    case writeFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .corruptJournalLine(let path, let line, let detail):
            "\(path):\(line): corrupt journal line (\(detail)); only a torn last line is tolerated"
        case .unreadableRunFile(let path, let detail):
            "\(path): cannot read run file: \(detail)"
        case .unreadableRunPlan(let error):
            error.description
        case .runNotFound(let id, let directory):
            "no run '\(id)' in \(directory)"
        case .runInProgress(let id):
            "run '\(id)' is being executed by another rehook process"
        case .writeFailed(let path, let detail):
            "\(path): write failed: \(detail)"
        }
    }
}
