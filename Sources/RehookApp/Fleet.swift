import Foundation
import Logging
import RehookExecution
import RehookModel
import RehookSandbox
import RehookVendors

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
    public var allowHosts: [String] { policy.allowHosts ?? [] }
    /// `[policy]` of rehook.toml (the defaults with `--sandbox` or without a file).
    public let policy: ConfiguredPolicy
    /// The embedded sandbox, with `--sandbox`.
    public let sandbox: RunningSandbox?
    private let transport: AsyncHTTPClientTransport
    private let stateDirectory: StateDirectory

    private init(members: [Member], policy: ConfiguredPolicy, sandbox: RunningSandbox?,
                 transport: AsyncHTTPClientTransport, stateDirectory: StateDirectory) {
        self.members = members
        self.policy = policy
        self.sandbox = sandbox
        self.transport = transport
        self.stateDirectory = stateDirectory
    }

    /// Connects to the accounts `options` select, narrowed to `scope`. Fails with a usage error
    /// when the selection names an account it cannot have or selects nothing, and with one
    /// message naming every account whose key cannot be loaded. A scope that leaves no account
    /// gives an empty fleet. `configuration`: the file as this command already read it (for its
    /// policy), so it is read once.
    public static func open(_ options: FleetOptions, scope: FleetScope = FleetScope(),
                            configuration preloaded: RehookConfiguration? = nil) async throws -> Fleet {
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
            configuration = try preloaded ?? options.readConfigurationFile()
        }

        let selected: [Account]
        do {
            try options.checkAccountNames(against: configuration.accounts)
            // Overrides may name any configured account or vendor; they apply to those in the run.
            selected = try options.overrides.apply(to: configuration.accounts).filter(options.selects)
            if selected.isEmpty && options.shard == nil {
                let variables = VendorID.allCases.map(\.defaultKeyVariable).joined(separator: ", ")
                throw configuration.accounts.isEmpty
                    ? CommandFailure("no accounts configured: set one of \(variables), write a rehook.toml, or try --sandbox")
                    : CommandFailure("no account matches the --vendor/--account selection", exitCode: ExitCodes.usage)
            }
        } catch {
            await sandbox?.shutdown()
            throw error
        }

        var problems: [String] = []
        var members: [Member] = []
        let inRun = selected.filter(scope.contains)
        let inFlight = options.inFlightLimit(for: inRun)
        let network: NetworkSettings
        let logger: Logger
        do {
            // The embedded sandbox is on loopback: no proxy stands between.
            network = options.useSandbox ? NetworkSettings()
                : try NetworkSettings.resolve(configuration.network, environment: options.environment)
            logger = try options.requestLog.makeLogger(environment: options.environment)
        } catch {
            await sandbox?.shutdown()
            if let problem = error as? ConfigurationError { throw CommandFailure(problem.description) }
            throw error
        }
        // Every request may go to one host (the sandbox serves all five vendors on one port);
        // the pool opens connections only as requests need them.
        let transport = AsyncHTTPClientTransport(settings: network, connectionsPerHost: max(32, inFlight.ceiling))
        let noticeOnTerminal: (@Sendable (RequestWait) -> Void)? =
            isatty(STDERR_FILENO) == 1 ? { @Sendable wait in WaitNotice.shared.note(wait) } : nil
        let onWait = options.onWait ?? noticeOnTerminal
        let carriedOver = PacingLedger.load(from: options.stateDirectory)
        for account in inRun {
            do {
                let key = try keys[keyIndex(account)] ?? account.loadKey(environment: options.environment)
                if let warning = account.keyFilePermissionWarning { Console.error(warning) }
                let pipeline = AccountPipeline(vendor: account.vendor, account: account.name, limit: account.pacing,
                                               inFlight: inFlight, carriedOver: carriedOver[PacingLedger.key(account)],
                                               onWait: onWait, logger: logger)
                let accountTransport = account.proxy.map { transport.routed(through: $0) } ?? transport
                members.append(Member(account: account,
                                      adapter: VendorAdapters.make(for: account, key: key, transport: accountTransport,
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
        return Fleet(members: members, policy: configuration.policy, sandbox: sandbox,
                     transport: transport, stateDirectory: options.stateDirectory)
    }

    /// Each account's configured (or `--concurrency`) number of changes worked on at once.
    public var concurrencyByAccount: [AccountKey: Int] {
        Dictionary(members.map { (AccountKey(vendor: $0.account.vendor, account: $0.account.name), $0.account.concurrency) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// Requests each account's listing took (`InventoryReader`), for estimates.
    let listingRequests = Locked<[AccountKey: Int]>([:])

    /// How long applying `plan` takes at the accounts' rates: per account, its listing (as
    /// many requests as the one just read, at least one) and a write per change.
    public func estimate(for plan: Plan) -> PlanEstimate {
        let writes = plan.changes.reduce(into: [AccountKey: Int]()) { $0[AccountKey($1.key), default: 0] += 1 }
        let listings = listingRequests.withLock { $0 }
        return RateBound.estimate(members.compactMap { member in
            let key = AccountKey(vendor: member.account.vendor, account: member.account.name)
            guard let count = writes[key] else { return nil }
            return RateBound.AccountWork(vendor: key.vendor, account: key.account, limit: member.account.pacing,
                                         requests: max(1, listings[key] ?? 1) + count, writes: count)
        })
    }

    /// Requests each account has sent so far (`rateBound(since:)`).
    public func sentRequests() -> [AccountKey: SentRequests.Counts] {
        Dictionary(members.map { (AccountKey(vendor: $0.account.vendor, account: $0.account.name), $0.pipeline.sent.snapshot) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// What the accounts' rates allow for the requests the fleet has sent since `earlier`.
    public func rateBound(since earlier: [AccountKey: SentRequests.Counts] = [:]) -> PlanEstimate {
        RateBound.estimate(members.map { member in
            let key = AccountKey(vendor: member.account.vendor, account: member.account.name)
            let now = member.pipeline.sent.snapshot, before = earlier[key] ?? SentRequests.Counts()
            return RateBound.AccountWork(vendor: key.vendor, account: key.account, limit: member.account.pacing,
                                         requests: now.requests - before.requests, writes: now.writes - before.writes)
        })
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
