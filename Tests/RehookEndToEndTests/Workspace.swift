import Foundation
import RehookModel
import RehookSandbox

/// One test's private world: a temporary folder that is rehook's working directory and
/// `REHOOK_STATE_DIR`, and optionally an in-process sandbox that a `rehook.toml` in the folder
/// declares every account of (names are unique across vendors, keys come from `key_env`).
struct Workspace: Sendable {
    let directory: URL
    /// The test's own sandbox; `nil` for workspaces that use `rehook --sandbox`.
    let sandbox: RunningSandbox?
    /// What every rehook run gets: base URL overrides, account keys and the state folder.
    let environment: [String: String]

    var stateDirectory: URL { directory.appendingPathComponent(".rehook", isDirectory: true) }
    var runsDirectory: URL { stateDirectory.appendingPathComponent("runs", isDirectory: true) }

    /// A workspace with a started sandbox seeded from `fixture` (account names must be unique
    /// across vendors: see `uniquelyNamed`). Every account is paced at `rate` unless `rates`
    /// names its vendor; `sandboxOptions` gives everything but the seed.
    static func withSandbox<T: Sendable>(
        _ fixture: SandboxFixture, options sandboxOptions: SandboxOptions = SandboxOptions(),
        rate: String = "1000/s", rates: [VendorID: String] = [:],
        _ body: (Workspace) async throws -> T
    ) async throws -> T {
        var options = sandboxOptions
        options.seed = .fixture(fixture)
        let sandbox = try await Sandbox.start(options)
        let directory = try makeDirectory()
        var environment = sandbox.baseURLEnvironment
        var toml = ""
        for account in sandbox.accounts {
            let variable = RunningSandbox.keyVariable(for: account)
            environment[variable] = account.key
            toml += """
                [[account]]
                name = "\(account.name)"
                vendor = "\(account.vendor)"
                key_env = "\(variable)"
                rate = "\(rates[account.vendor] ?? rate)"
                concurrency = 8


                """
        }
        try Data(toml.utf8).write(to: directory.appendingPathComponent("rehook.toml"))
        environment["REHOOK_STATE_DIR"] = directory.appendingPathComponent(".rehook").path
        let workspace = Workspace(directory: directory, sandbox: sandbox, environment: environment)
        return try await workspace.finishing { try await body(workspace) }
    }

    /// A workspace for `rehook --sandbox` (the embedded sandbox keeps its state in the folder).
    static func withEmbeddedSandbox<T: Sendable>(_ body: (Workspace) async throws -> T) async throws -> T {
        let directory = try makeDirectory()
        let workspace = Workspace(directory: directory, sandbox: nil,
                                  environment: ["REHOOK_STATE_DIR": directory.appendingPathComponent(".rehook").path])
        return try await workspace.finishing { try await body(workspace) }
    }

    /// `fixture` with every account renamed `<vendor>-<name>`, so that one rehook.toml can hold them all.
    static func uniquelyNamed(_ fixture: SandboxFixture) -> SandboxFixture {
        var renamed = fixture
        for index in renamed.accounts.indices {
            renamed.accounts[index].name = "\(renamed.accounts[index].vendor)-\(renamed.accounts[index].name)"
        }
        return renamed
    }

    /// A generated fleet, accounts renamed as `uniquelyNamed` does.
    static func fleet(_ vendors: [VendorID] = VendorID.allCases, accounts: Int, webhooks: ClosedRange<Int>,
                      seed: UInt64 = 7) -> SandboxFixture {
        uniquelyNamed(SandboxFleet(vendors: vendors, accountsPerVendor: accounts, webhooksPerAccount: webhooks,
                                   seed: seed).makeFixture())
    }

    /// Runs rehook in the workspace folder with the workspace environment plus `extra`.
    func rehook(_ arguments: [String], environment extra: [String: String] = [:], stdin: String = "") async throws
        -> RehookBinary.Result {
        try await RehookBinary.run(arguments, environment: environment.merging(extra) { $1 }, stdin: stdin,
                                   currentDirectory: directory)
    }

    /// Starts rehook in the workspace folder and returns at once.
    func launchRehook(_ arguments: [String]) throws -> RehookBinary.Launched {
        try RehookBinary.launch(arguments, environment: environment, currentDirectory: directory)
    }

    /// Writes `text` to `name` in the workspace folder and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }

    /// The in-process sandbox, or a thrown error naming the misuse.
    func requireSandbox() throws -> RunningSandbox {
        guard let sandbox else { throw WorkspaceError("this workspace has no in-process sandbox") }
        return sandbox
    }

    /// The sandbox's stored state (secrets included).
    func sandboxState() async throws -> SandboxFixture { try await requireSandbox().state.export() }

    /// The ids of the apply runs so far, oldest first.
    func runIDs() throws -> [String] {
        guard FileManager.default.fileExists(atPath: runsDirectory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: runsDirectory.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The only run, or an error when there is not exactly one.
    func onlyRunID() throws -> String {
        let ids = try runIDs()
        guard ids.count == 1, let id = ids.first else { throw WorkspaceError("expected one run, found \(ids)") }
        return id
    }

    func runFile(_ runID: String, _ name: String) -> URL {
        runsDirectory.appendingPathComponent(runID).appendingPathComponent(name)
    }

    /// A run's journal, one entry per complete line about a change (the lines of run options,
    /// `{"event":"run",…}` and `{"event":"resumed",…}`, left out: their first key is `event`).
    func journal(_ runID: String) throws -> [JournalLine] {
        let text = String(decoding: try Data(contentsOf: runFile(runID, "journal.ndjson")), as: UTF8.self)
        return try text.split(separator: "\n").filter { !$0.hasPrefix(#"{"event":"#) }
            .map { try JournalLine(decoding: Data($0.utf8)) }
    }

    /// A run's plan or rollback plan.
    func plan(at url: URL) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: Data(contentsOf: url))
    }

    private static func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `body`, then shuts the sandbox down and removes the folder whether or not it threw.
    private func finishing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        await sandbox?.shutdown()
        try? FileManager.default.removeItem(at: directory)
        return try result.get()
    }
}

/// One journal line, the fields these tests look at.
struct JournalLine: Sendable, Decodable {
    struct Key: Sendable, Decodable, Hashable {
        var vendor: String
        var account: String
        var id: String
    }

    var event: String
    var key: Key
    var attempt: Int
    var message: String?
    var final: Bool?

    init(decoding data: Data) throws { self = try JSONDecoder().decode(JournalLine.self, from: data) }
}

struct WorkspaceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
