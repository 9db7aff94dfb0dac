import Foundation
import RehookExecution
import RehookModel
import RehookSandbox
import RehookVendors

/// Which accounts a command works on and how to reach them.
public struct FleetOptions: Sendable {
    /// `--config FILE`; otherwise `rehook.toml` in the current directory, or the environment.
    public var configPath: String?
    /// `--sandbox`: every account is an account of the embedded sandbox.
    public var useSandbox = false
    /// `--vendor`: only these vendors (nil: all).
    public var vendors: Set<VendorID>?
    /// `--account`: only these account names (nil: all).
    public var accounts: Set<String>?
    /// `--shard I/N`: only the accounts of this shard.
    public var shard: Shard?
    /// `--rate`, `--write-rate`, `--concurrency`: applied to the selected accounts.
    public var overrides = AccountOverrides()
    /// Requests in flight at once across all accounts (`--parallelism`).
    public var parallelism = FleetOptions.defaultParallelism
    /// Told when a request waits a second or more (a terminal's status line).
    public var onWait: (@Sendable (RequestWait) -> Void)?
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var stateDirectory = StateDirectory()

    public init() {}

    /// The default ceiling of requests in flight across all accounts.
    public static let defaultParallelism = 16
}

/// The accounts of one command, each with its adapter, over one shared HTTP client; with
/// `--sandbox`, also the embedded sandbox they talk to.
public final class Fleet: Sendable {
    /// One account and the adapter that speaks to it.
    public struct Member: Sendable {
        public let account: Account
        public let adapter: any VendorAdapter
        /// Paces and retries every call the adapter makes.
        public let pipeline: AccountPipeline
    }

    public let members: [Member]
    /// Host patterns a URL may move to (`allow_hosts` in rehook.toml); empty means any.
    public let allowHosts: [String]
    /// The embedded sandbox, with `--sandbox`.
    public let sandbox: RunningSandbox?
    private let transport: AsyncHTTPClientTransport
    private let stateDirectory: StateDirectory

    private init(members: [Member], allowHosts: [String], sandbox: RunningSandbox?,
                 transport: AsyncHTTPClientTransport, stateDirectory: StateDirectory) {
        self.members = members
        self.allowHosts = allowHosts
        self.sandbox = sandbox
        self.transport = transport
        self.stateDirectory = stateDirectory
    }

    /// Connects to the accounts `options` select. Fails with one message naming every
    /// account whose key cannot be loaded, or when no account is selected.
    public static func open(_ options: FleetOptions) async throws -> Fleet {
        var sandbox: RunningSandbox?
        let configuration: RehookConfiguration
        var keys: [String: APIKey] = [:]
        if options.useSandbox {
            let running = try await EmbeddedSandbox.start(in: options.stateDirectory)
            sandbox = running
            var accounts: [Account] = []
            for info in await running.state.accountInfos() {
                var account = Account(name: info.name, vendor: info.vendor, baseURL: running.baseURL(for: info.vendor),
                                      keySource: .environment(RunningSandbox.keyVariable(for: info)))
                // The sandbox applies no limits unless asked to; neither does rehook.
                account.rate = nil
                account.writeRate = nil
                account.concurrency = 8
                accounts.append(account)
                keys[Self.keyIndex(account)] = APIKey(info.key)
            }
            configuration = RehookConfiguration(accounts: accounts)
        } else {
            do {
                configuration = try RehookConfiguration.load(explicitPath: options.configPath,
                                                             environment: options.environment)
            } catch {
                throw CommandFailure(error.description)
            }
        }

        let candidates = configuration.accounts.filter { account in
            (options.vendors?.contains(account.vendor) ?? true) && (options.accounts?.contains(account.name) ?? true)
                && (options.shard?.contains(vendor: account.vendor, account: account.name) ?? true)
        }
        let selected: [Account]
        do {
            selected = try options.overrides.apply(to: candidates)
        } catch {
            await sandbox?.shutdown()
            throw error
        }
        if let names = options.accounts {
            let known = Set(configuration.accounts.map(\.name))
            let unknown = names.subtracting(known).sorted()
            if !unknown.isEmpty {
                await sandbox?.shutdown()
                throw CommandFailure("no account named \(unknown.map { "'\($0)'" }.joined(separator: ", "))"
                                     + "; accounts: \(known.sorted().joined(separator: ", "))", exitCode: ExitCodes.usage)
            }
        }

        var problems: [String] = []
        var members: [Member] = []
        let transport = AsyncHTTPClientTransport()
        let inFlight = AsyncSemaphore(permits: options.parallelism)
        let carriedOver = PacingLedger.load(from: options.stateDirectory)
        for account in selected {
            do {
                let key = try keys[keyIndex(account)] ?? account.loadKey(environment: options.environment)
                let pipeline = AccountPipeline(vendor: account.vendor, account: account.name, limit: account.pacing,
                                               inFlight: inFlight, carriedOver: carriedOver[PacingLedger.key(account)],
                                               onWait: options.onWait)
                members.append(Member(account: account,
                                      adapter: VendorAdapters.make(for: account, key: key, transport: transport,
                                                                   pipeline: pipeline),
                                      pipeline: pipeline))
            } catch {
                problems.append("\(error)")
            }
        }
        if !problems.isEmpty {
            try? await transport.shutdown()
            await sandbox?.shutdown()
            throw CommandFailure(problems.joined(separator: "\n"))
        }
        if members.isEmpty && options.shard == nil {
            try? await transport.shutdown()
            await sandbox?.shutdown()
            let variables = VendorID.allCases.map(\.defaultKeyVariable).joined(separator: ", ")
            throw CommandFailure(configuration.accounts.isEmpty
                ? "no accounts configured: set one of \(variables), write a rehook.toml, or try --sandbox"
                : "no account matches the --vendor/--account selection")
        }
        return Fleet(members: members, allowHosts: configuration.allowHosts, sandbox: sandbox,
                     transport: transport, stateDirectory: options.stateDirectory)
    }

    /// Each account's configured (or `--concurrency`) number of changes worked on at once.
    public var concurrencyByAccount: [AccountKey: Int] {
        Dictionary(members.map { (AccountKey(vendor: $0.account.vendor, account: $0.account.name), $0.account.concurrency) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The transport every adapter of this fleet uses.
    public var httpTransport: any HTTPTransport { transport }

    /// Shuts the HTTP client down, records where each account's pace stands for the next
    /// command (`PacingLedger`) and, with `--sandbox`, saves the sandbox state.
    public func close() async throws {
        try? await transport.shutdown()
        await PacingLedger.save(Dictionary(members.map { (PacingLedger.key($0.account), $0.pipeline) },
                                           uniquingKeysWith: { first, _ in first }), to: stateDirectory)
        if let sandbox {
            do {
                try await EmbeddedSandbox.persist(sandbox, in: stateDirectory)
            } catch {
                await sandbox.shutdown()
                throw CommandFailure("cannot save the sandbox state: \(error)")
            }
            await sandbox.shutdown()
        }
    }

    private static func keyIndex(_ account: Account) -> String { "\(account.vendor)/\(account.name)" }
}
