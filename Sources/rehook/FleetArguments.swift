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

    var options: FleetOptions {
        var options = FleetOptions()
        options.shard = shard.flatMap { try? Shard(parsing: $0) }
        options.configPath = config
        options.useSandbox = sandbox
        options.vendors = vendors.isEmpty ? nil : Set(vendors)
        options.accounts = accounts.isEmpty ? nil : Set(accounts)
        return options
    }

    func validate() throws {
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
        }
        if sandbox && config != nil {
            throw ValidationError("--sandbox and --config exclude each other: the sandbox brings its own accounts")
        }
    }
}
