import ArgumentParser
import RehookApp
import RehookModel

extension VendorID: ExpressibleByArgument {}

/// Options every command that talks to vendors shares.
struct FleetArguments: ParsableArguments {
    @Option(help: "Configuration file (default: rehook.toml in the current directory, else the environment).")
    var config: String?

    @Flag(help: "Use the embedded sandbox (demo fleet, no credentials, no network); state in .rehook/sandbox.json.")
    var sandbox = false

    @Option(name: .customLong("vendor"), help: "Only this vendor (repeatable).")
    var vendors: [VendorID] = []

    @Option(name: .customLong("account"), help: "Only this account (repeatable).")
    var accounts: [String] = []

    @Option(help: "Only the accounts of shard I of N (1-based), e.g. 2/8: see docs/scaling.md.")
    var shard: String?

    @Option(name: .customLong("rate"), help: ArgumentHelp(
        "Pace every request of an account, or of every account of a vendor (repeatable).",
        discussion: "e.g. heygen-eu=10/s, heygen=2/s, jogg=600/m; replaces rate in rehook.toml for this run.",
        valueName: "account|vendor=N/s|N/m"))
    var rates: [String] = []

    @Option(name: .customLong("write-rate"), help: ArgumentHelp(
        "A stricter pace for the writes within --rate (repeatable), e.g. jogg=20/m.",
        valueName: "account|vendor=N/s|N/m"))
    var writeRates: [String] = []

    @Option(name: .customLong("concurrency"), help: ArgumentHelp(
        "Changes worked on at once for an account or a vendor (repeatable), e.g. heygen-eu=4.",
        valueName: "account|vendor=N"))
    var concurrency: [String] = []

    @Option(help: "Requests in flight at once, across all accounts.")
    var parallelism = FleetOptions.defaultParallelism

    var options: FleetOptions {
        var options = FleetOptions()
        options.shard = shard.flatMap { try? Shard(parsing: $0) }
        options.configPath = config
        options.useSandbox = sandbox
        options.vendors = vendors.isEmpty ? nil : Set(vendors)
        options.accounts = accounts.isEmpty ? nil : Set(accounts)
        options.overrides = AccountOverrides(rates: rates, writeRates: writeRates, concurrency: concurrency)
        options.parallelism = parallelism
        return options
    }

    func validate() throws {
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
        }
        if parallelism < 1 { throw ValidationError("--parallelism must be at least 1") }
        if sandbox && config != nil {
            throw ValidationError("--sandbox and --config exclude each other: the sandbox brings its own accounts")
        }
    }
}
