import ArgumentParser
import Foundation
import RehookModel
import RehookSandbox
import RehookVendors

/// Which accounts a command works on and how to reach them: the options every command that
/// talks to vendors shares, plus the environment they are read in (injectable for tests).
public struct FleetOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("config"),
            help: "Configuration file (default: rehook.toml in the current directory, else the environment).")
    public var configPath: String?

    @Flag(name: .customLong("sandbox"),
          help: "Use the embedded sandbox (demo fleet, no credentials, no network); state in .rehook/sandbox.json.")
    public var useSandbox = false

    @Option(name: .customLong("vendor"), help: "Only this vendor (repeatable).")
    public var vendors: [VendorID] = []

    @Option(name: .customLong("account"), help: "Only this account (repeatable).")
    public var accounts: [String] = []

    @Option(help: "Only the accounts of shard I of N (1-based), e.g. 2/8: see docs/scaling.md.",
            transform: { try Shard(parsing: $0) })
    public var shard: Shard?

    /// Variables for keys, `rehook.toml` lookups and colour; not an option.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where runs and the sandbox state live; not an option.
    public var stateDirectory = StateDirectory()

    /// Only the options are parsed; `environment` and `stateDirectory` keep their defaults.
    private enum CodingKeys: String, CodingKey {
        case configPath, useSandbox, vendors, accounts, shard
    }

    public init() {}

    public func validate() throws {
        if useSandbox && configPath != nil {
            throw ValidationError("--sandbox and --config exclude each other: the sandbox brings its own accounts")
        }
    }

    /// `--vendor` as a set, nil when every vendor is selected.
    public var vendorSelection: Set<VendorID>? { vendors.isEmpty ? nil : Set(vendors) }

    /// Whether the user's `--vendor`, `--account` and `--shard` select `account`.
    func selects(_ account: Account) -> Bool {
        (vendors.isEmpty || vendors.contains(account.vendor)) && (accounts.isEmpty || accounts.contains(account.name))
            && (shard?.contains(vendor: account.vendor, account: account.name) ?? true)
    }

    /// Fails with a usage error when `--account` names an account that is not configured, or not
    /// an account of the `--vendor`s given; the message lists the accounts that would do.
    func checkAccountNames(against configured: [Account]) throws {
        guard !accounts.isEmpty else { return }
        let candidates = configured.filter { vendors.isEmpty || vendors.contains($0.vendor) }
        let known = Set(candidates.map(\.name))
        let unknown = accounts.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
        let listed = known.sorted().joined(separator: ", ")
        if vendors.isEmpty {
            throw CommandFailure("no account named \(names); accounts: \(listed)", exitCode: ExitCodes.usage)
        }
        let vendorNames = vendors.map(\.rawValue).sorted().joined(separator: ", ")
        throw CommandFailure("no account named \(names) at \(vendorNames); accounts of \(vendorNames): "
                             + (listed.isEmpty ? "none" : listed), exitCode: ExitCodes.usage)
    }
}

/// A narrowing of the user's selection a command adds itself: only the vendors a script touches,
/// or only the accounts a saved plan changes.
public struct FleetScope: Sendable {
    public var vendors: Set<VendorID>?
    public var accounts: Set<String>?

    public init(vendors: Set<VendorID>? = nil, accounts: Set<String>? = nil) {
        self.vendors = vendors
        self.accounts = accounts
    }

    func contains(_ account: Account) -> Bool {
        (vendors?.contains(account.vendor) ?? true) && (accounts?.contains(account.name) ?? true)
    }
}

/// The accounts of one command, each with its adapter, over one shared HTTP client; with
/// `--sandbox`, also the embedded sandbox they talk to.
public final class Fleet: Sendable {
    /// One account and the adapter that speaks to it.
    public struct Member: Sendable {
        public let account: Account
        public let adapter: any VendorAdapter
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

    /// Connects to the accounts `options` select, narrowed to `scope`. Fails with a usage error
    /// when the selection names an account it cannot have or selects nothing, and with one
    /// message naming every account whose key cannot be loaded. A scope that leaves no account
    /// gives an empty fleet.
    public static func open(_ options: FleetOptions, scope: FleetScope = FleetScope()) async throws -> Fleet {
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
                account.readRate = nil
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

        let selected = configuration.accounts.filter(options.selects)
        do {
            try options.checkAccountNames(against: configuration.accounts)
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
        let transport = AsyncHTTPClientTransport()
        for account in selected where scope.contains(account) {
            do {
                let key = try keys[keyIndex(account)] ?? account.loadKey(environment: options.environment)
                let accountTransport = AccountTransport(transport, readRate: account.readRate)
                members.append(Member(account: account,
                                      adapter: VendorAdapters.make(for: account, key: key, transport: accountTransport)))
            } catch {
                problems.append("\(error)")
            }
        }
        if !problems.isEmpty {
            try? await transport.shutdown()
            await sandbox?.shutdown()
            throw CommandFailure(problems.joined(separator: "\n"))
        }
        return Fleet(members: members, allowHosts: configuration.allowHosts, sandbox: sandbox,
                     transport: transport, stateDirectory: options.stateDirectory)
    }

    /// The transport every adapter of this fleet uses.
    public var httpTransport: any HTTPTransport { transport }

    /// Shuts the HTTP client down and, with `--sandbox`, saves the sandbox state for the next command.
    public func close() async throws {
        try? await transport.shutdown()
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
