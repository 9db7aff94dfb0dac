import ArgumentParser
import Foundation
import RehookModel
import RehookVendors

/// Which accounts a command works on and how to reach them: the options every command that
/// talks to vendors shares, plus the environment they are read in (injectable for tests).
public struct FleetOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("config"),
            help: "Configuration file (default: $REHOOK_CONFIG, ./rehook.toml, $XDG_CONFIG_HOME/rehook/config.toml, else the key variables).",
            completion: .file(extensions: ["toml"]))
    public var configPath: String?

    @Flag(name: .customLong("sandbox"),
          help: "Use the embedded sandbox (demo fleet, no credentials, no network); state in .rehook/sandbox.json.")
    public var useSandbox = false

    @Option(name: .customLong("vendor"), help: "Only this vendor (repeatable).",
            completion: .list(VendorID.allCases.map(\.rawValue)))
    public var vendors: [VendorID] = []

    @Option(name: .customLong("account"), help: "Only this account (repeatable).",
            completion: .custom { words, _, _ in ShellCompletion.accountNames(words: words) })
    public var accounts: [String] = []

    @Option(help: "Only the accounts of shard I of N (1-based), e.g. 2/8: see docs/scaling.md.",
            transform: { try Shard(parsing: $0) })
    public var shard: Shard?

    @Option(name: .customLong("rate"), help: ArgumentHelp(
        "Pace every request of an account, or of every account of a vendor (repeatable).",
        discussion: "e.g. heygen-eu=10/s, heygen=2/s, jogg=600/m; replaces rate in rehook.toml for this run.",
        valueName: "account|vendor=N/s|N/m"),
            completion: .custom { words, _, _ in ShellCompletion.overrideTargets(words: words) })
    public var rates: [String] = []

    @Option(name: .customLong("write-rate"), help: ArgumentHelp(
        "A stricter pace for the writes within --rate (repeatable), e.g. jogg=20/m.",
        valueName: "account|vendor=N/s|N/m"),
            completion: .custom { words, _, _ in ShellCompletion.overrideTargets(words: words) })
    public var writeRates: [String] = []

    @Option(name: .customLong("concurrency"), help: ArgumentHelp(
        "Changes worked on at once for an account or a vendor (repeatable), e.g. heygen-eu=4.",
        valueName: "account|vendor=N"),
            completion: .custom { words, _, _ in ShellCompletion.overrideTargets(words: words) })
    public var concurrency: [String] = []

    @Option(help: ArgumentHelp(
        "The most requests in flight at once, across all accounts (default: min(4096, open-files limit − 256)).",
        discussion: "Under this ceiling the number in flight follows the work: each account may have "
            + "min(its concurrency, its burst + its rate × latency × 1.5 + 1), latency being what the vendors' "
            + "answers have taken so far (1 s assumed before the first), and the fleet the sum, at least 16."))
    public var parallelism: Int?

    @OptionGroup(title: "Request log") public var requestLog: RequestLogOptions

    /// Told when a request waits a second or more (a terminal's status line); not an option.
    public var onWait: (@Sendable (RequestWait) -> Void)?
    /// Variables for keys, `rehook.toml` lookups and colour; not an option.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where runs and the sandbox state live; not an option.
    public var stateDirectory = StateDirectory()

    /// Only the options are parsed; `environment` and `stateDirectory` keep their defaults.
    private enum CodingKeys: String, CodingKey {
        case configPath, useSandbox, vendors, accounts, shard, rates, writeRates, concurrency, parallelism, requestLog
    }

    public init() {}

    /// The fleet's in-flight limit for `accounts`: sized from their rates, bursts and
    /// concurrency at the latency observed, under `--parallelism` when given, otherwise under
    /// what the open-files limit allows (`FileDescriptorLimit`, at most 4,096).
    public func inFlightLimit(for accounts: [Account]) -> InFlightLimit {
        InFlightLimit(accounts: accounts.map { InFlightLimit.AccountShare(limit: $0.pacing, concurrency: $0.concurrency) },
                      ceiling: parallelism ?? FileDescriptorLimit.defaultInFlightCeiling)
    }

    /// `--rate`, `--write-rate` and `--concurrency` together.
    public var overrides: AccountOverrides {
        AccountOverrides(rates: rates, writeRates: writeRates, concurrency: concurrency)
    }

    /// Malformed overrides are usage errors here, before anything runs; one naming neither a
    /// vendor nor a configured account is found when the fleet opens, before any request.
    public func validate() throws {
        if useSandbox && configPath != nil {
            throw ValidationError("--sandbox and --config exclude each other: the sandbox brings its own accounts")
        }
        if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be at least 1") }
        do {
            try overrides.checkSyntax()
        } catch let failure as CommandFailure {
            throw ValidationError(failure.message)
        }
    }

    /// `--vendor` as a set, nil when every vendor is selected.
    public var vendorSelection: Set<VendorID>? { vendors.isEmpty ? nil : Set(vendors) }

    /// Whether the user's `--vendor`, `--account` and `--shard` select `account`.
    func selects(_ account: Account) -> Bool {
        selects(vendor: account.vendor, account: account.name)
    }

    /// Whether the user's `--vendor`, `--account` and `--shard` select the account `account` of `vendor`.
    func selects(vendor: VendorID, account: String) -> Bool {
        (vendors.isEmpty || vendors.contains(vendor)) && (accounts.isEmpty || accounts.contains(account))
            && (shard?.contains(vendor: vendor, account: account) ?? true)
    }

    /// Whether `--vendor` or `--account` narrows the accounts.
    var narrowsAccounts: Bool { !vendors.isEmpty || !accounts.isEmpty }

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
