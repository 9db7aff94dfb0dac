import Foundation
import RehookModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The runs under a state directory: `<state-dir>/runs/<run-id>/{plan.json, journal.ndjson, rollback.json}`.
public struct RunStore: Sendable {
    public static let planFile = "plan.json"
    public static let journalFile = "journal.ndjson"
    public static let rollbackFile = "rollback.json"

    public let stateDirectory: URL

    /// `stateDirectory` defaults to `.rehook` in the current directory.
    public init(stateDirectory: URL = URL(fileURLWithPath: ".rehook")) {
        self.stateDirectory = stateDirectory
    }

    public var runsDirectory: URL { stateDirectory.appendingPathComponent("runs") }

    public func directory(ofRun id: String) -> URL { runsDirectory.appendingPathComponent(id) }

    /// A new run id, sortable by time: `yyyyMMdd-HHmmss-xxxx` (UTC, four random hex digits).
    public static func makeRunID(at date: Date = Date(), suffix: UInt16 = .random(in: 0...UInt16.max)) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let hex = String(suffix, radix: 16)
        return formatter.string(from: date) + "-" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// The plan and journal entries of a run.
    public func load(run id: String) throws -> (plan: Plan, entries: [JournalEntry]) {
        let directory = directory(ofRun: id)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw ExecutionError.runNotFound(id: id, directory: runsDirectory.path)
        }
        let plan = try readPlan(directory.appendingPathComponent(Self.planFile))
        let journal = directory.appendingPathComponent(Self.journalFile)
        let entries = FileManager.default.fileExists(atPath: journal.path) ? try JournalReader.read(journal).entries : []
        return (plan, entries)
    }

    /// Every run, oldest first. A run whose files cannot be read is listed with its `problem`
    /// rather than hiding the others.
    public func listRuns() -> [RunSummary] {
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: runsDirectory.path) else {
            return [] // no state directory yet: no runs
        }
        return ids.filter { !$0.hasPrefix(".") }.sorted().map { id in
            do {
                let (plan, entries) = try load(run: id)
                return RunSummary(id: id, plan: plan, entries: entries)
            } catch {
                return RunSummary(id: id, problem: String(describing: error))
            }
        }
    }

    /// The rollback plan of a run, rebuilt from its journal (so it is complete even when the
    /// process died before its last rollback.json rewrite); `nil` when nothing landed.
    public func rollbackPlan(ofRun id: String) throws -> Plan? {
        let (plan, entries) = try load(run: id)
        let applied = entries.filter { $0.event == .applied }
        guard let last = applied.last else { return nil }
        return RollbackBuilder(replaying: applied, plan: plan).plan(createdAt: last.time)
    }

    /// The run's plan.json through the plan file codec, so a run saved by a rehook of another
    /// plan format version is refused with the same message as `rehook apply PLAN.json`.
    /// - Throws: `ExecutionError.unreadableRunFile` when the file cannot be read,
    ///   `.unreadableRunPlan` when its content is not a plan this build reads.
    private func readPlan(_ url: URL) throws -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ExecutionError.unreadableRunFile(path: url.path, detail: String(describing: error))
        }
        do {
            return try PlanFile.decode(data, path: url.path)
        } catch let error as PlanFileError {
            throw ExecutionError.unreadableRunPlan(error)
        }
    }

    /// The run's plan.json, opened to be read change by change (`PlanFile.open`): what
    /// `--resume` works from, without holding the plan.
    public func openPlan(run id: String) throws -> StreamedPlan {
        let directory = directory(ofRun: id)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw ExecutionError.runNotFound(id: id, directory: runsDirectory.path)
        }
        let url = directory.appendingPathComponent(Self.planFile)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ExecutionError.unreadableRunFile(path: url.path, detail: "no such file or not readable")
        }
        do {
            return try PlanFile.open(path: url.path)
        } catch let error as PlanFileError {
            throw ExecutionError.unreadableRunPlan(error)
        }
    }

    /// The places in `plan` (the run's, `openPlan(run:)`) of the changes its journal does not
    /// show finished: what `--resume` has left to do.
    public func unfinished(run id: String, plan: StreamedPlan) throws -> [Int] {
        let journal = directory(ofRun: id).appendingPathComponent(Self.journalFile)
        let entries = FileManager.default.fileExists(atPath: journal.path) ? try JournalReader.read(journal).entries : []
        let statuses = ChangeStatus.replay(entries, keys: plan.keys)
        return plan.keys.indices.filter { statuses[plan.keys[$0]]?.isFinished != true }
    }

    /// A run folder holds every URL of the plan and the values a rollback needs: only its owner
    /// may list it (0700), and each file in it is readable by its owner only (0600).
    static var privateDirectory: [FileAttributeKey: Any] { [.posixPermissions: 0o700] }
    static var privateFile: [FileAttributeKey: Any] { [.posixPermissions: 0o600] }

    /// Writes `bytes` to `url` atomically: a temporary file (0600) in the same directory, fsynced, renamed.
    static func writeAtomically(_ bytes: some DataProtocol, to url: URL) throws {
        try writeAtomically(to: url) { write in try write(bytes) }
    }

    /// Writes what `produce` hands its `write` function, piece by piece, to `url` atomically: a
    /// temporary file (0600) in the same directory, fsynced, renamed. A large file is never held whole.
    static func writeAtomically(to url: URL, _ produce: ((any DataProtocol) throws -> Void) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: privateFile) else {
                throw ExecutionError.writeFailed(path: temporary.path, detail: "cannot create file")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try produce { piece in try handle.write(contentsOf: piece) }
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 {
                throw ExecutionError.writeFailed(path: url.path, detail: "rename failed (errno \(errno))")
            }
        } catch let error as ExecutionError {
            throw error
        } catch {
            throw ExecutionError.writeFailed(path: url.path, detail: error.localizedDescription)
        }
    }
}
