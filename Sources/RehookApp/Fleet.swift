import Foundation
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
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var stateDirectory = StateDirectory()

    public init() {}
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

        let selected = configuration.accounts.filter { account in
            (options.vendors?.contains(account.vendor) ?? true) && (options.accounts?.contains(account.name) ?? true)
                && (options.shard?.contains(vendor: account.vendor, account: account.name) ?? true)
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
        for account in selected {
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
