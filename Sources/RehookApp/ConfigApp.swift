import ArgumentParser
import Foundation
import RehookModel
import RehookREPL
import RehookVendors

/// The `rehook config` arguments: the fleet options choose the file, the accounts shown and
/// the rate overrides applied.
public struct ConfigArguments: ParsableArguments {
    @OptionGroup public var fleet: FleetOptions

    public init() {}

    public func validate() throws {
        if fleet.useSandbox {
            throw ValidationError("rehook config shows your configuration; the sandbox brings its own accounts")
        }
    }
}

/// `rehook config`: the configuration file in effect and why, the network settings, and each
/// account (vendor, name, where its key comes from and whether it is there, base URL, rates,
/// concurrency, proxy). Never a key; reads no key file's contents beyond checking it exists.
public enum ConfigApp {
    public static func run(_ arguments: ConfigArguments) async -> Int32 {
        let options = arguments.fleet
        let environment = options.environment
        return await CommandRunner.run {
            let location: ConfigurationLocation?
            let configuration: RehookConfiguration
            let network: NetworkSettings
            do {
                location = try ConfigurationLocation.find(explicitPath: options.configPath,
                                                           currentDirectory: FileManager.default.currentDirectoryPath,
                                                           environment: environment)
                configuration = try RehookConfiguration.load(explicitPath: location?.path, environment: environment)
                network = try NetworkSettings.resolve(configuration.network, environment: environment)
            } catch {
                throw CommandFailure("\(error)")
            }
            try options.checkAccountNames(against: configuration.accounts)
            let accounts = try options.overrides.apply(to: configuration.accounts).filter(options.selects)
            Console.out(lines(location: location, configuration: configuration, network: network).joined(separator: "\n"))
            Console.out("")
            Console.out(accounts.isEmpty ? "No accounts." : TextTable.render(table(accounts, environment: environment)))
            return ExitCodes.success
        }
    }

    /// Where the configuration came from and the network settings.
    static func lines(location: ConfigurationLocation?, configuration: RehookConfiguration,
                      network: NetworkSettings) -> [String] {
        let file = location.map { "Configuration: \($0.path) (from \($0.reason))" }
            ?? "Configuration: no file (looked at --config, \(ConfigurationLocation.variable), ./rehook.toml and "
                + "$XDG_CONFIG_HOME/rehook/config.toml); one account per vendor whose key variable is set"
        let proxies = network.proxies
        let proxy = "https via \(proxies.httpsProxy?.description ?? "direct"), http via \(proxies.httpProxy?.description ?? "direct")"
            + (proxies.noProxy.isEmpty ? "" : "; NO_PROXY: \(proxies.noProxy.joined(separator: ","))")
        return [
            file,
            "Network: connect timeout \(network.connectTimeout) s, request timeout \(network.requestTimeout) s, "
                + "User-Agent \(network.userAgent)",
            "Proxies: \(proxy)",
            "Extra CAs: " + (network.caFiles.isEmpty ? "none" : network.caFiles.joined(separator: ", ")),
            "Allowed hosts: " + (configuration.allowHosts.isEmpty ? "any" : configuration.allowHosts.joined(separator: ", ")),
        ]
    }

    /// One row per account, with a header.
    static func table(_ accounts: [Account], environment: [String: String]) -> [[String]] {
        [["ACCOUNT", "VENDOR", "KEY FROM", "BASE URL", "RATE", "WRITE RATE", "CONCURRENCY", "PROXY"]]
            + accounts.map { account in
                [account.name, account.vendor.rawValue, keyOrigin(account.keySource, environment: environment),
                 account.displayBaseURL, account.rate?.description ?? "unlimited", account.writeRate?.description ?? "-",
                 String(account.concurrency), account.proxy?.description ?? "-"]
            }
    }

    /// Where a key comes from and whether it is there: never the key.
    static func keyOrigin(_ source: KeySource, environment: [String: String]) -> String {
        switch source {
        case .environment(let name):
            "\(source) (" + ((environment[name] ?? "").isEmpty ? "not set" : "set") + ")"
        case .file(let path):
            "\(source) (" + (FileManager.default.isReadableFile(atPath: path) ? "readable" : "missing") + ")"
        }
    }
}
