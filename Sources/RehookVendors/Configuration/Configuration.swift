import Foundation
import RehookModel

/// A configuration problem, located at `file:line:col` when it comes from a file; with the
/// file's other problems in `more`, so that every one is reported at once.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    /// Further problems of the same file, reported with this one.
    public var more: [ConfigurationError] = []

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// One line per problem.
    public var description: String {
        ([self] + more).map(\.located).joined(separator: "\n")
    }

    private var located: String {
        switch (file, line, column) {
        case let (file?, line?, column?): "\(file):\(line):\(column): \(message)"
        case let (file?, line?, nil): "\(file):\(line): \(message)"
        case let (file?, nil, _): "\(file): \(message)"
        default: message
        }
    }
}

/// The review policy of `[policy]` in rehook.toml. Command-line flags may tighten it
/// (`--strict`, a lower `--max-changes`), never loosen it.
public struct ConfiguredPolicy: Sendable, Hashable {
    /// The most webhooks one plan may change.
    public var maxChanges: Int?
    /// Every review warning is an error.
    public var strict = false
    /// Host patterns new URLs may point at (also accepted at the top level, as before).
    public var allowHosts: [String]?
    /// A plain-http URL is an error, not a warning.
    public var requireHTTPS = false

    public init(maxChanges: Int? = nil, strict: Bool = false, allowHosts: [String]? = nil, requireHTTPS: Bool = false) {
        self.maxChanges = maxChanges
        self.strict = strict
        self.allowHosts = allowHosts
        self.requireHTTPS = requireHTTPS
    }
}

/// The accounts rehook manages and the hosts webhook URLs may point at.
public struct RehookConfiguration: Sendable, Hashable {
    /// The file name looked for in the current directory.
    public static let defaultFileName = "rehook.toml"

    public var accounts: [Account]
    /// Host patterns (`hooks.acme.dev`, `*.acme.dev`) the review step accepts in URLs.
    public var allowHosts: [String]
    /// `[policy]`: how plans are reviewed.
    public var policy: ConfiguredPolicy
    /// Timeouts and extra CAs the file sets (`NetworkSettings.resolve` adds the environment's).
    public var network: NetworkConfiguration
    /// The file the configuration came from; `nil` when discovered from the environment.
    public var sourcePath: String?

    public init(accounts: [Account], allowHosts: [String] = [], policy: ConfiguredPolicy = ConfiguredPolicy(),
                network: NetworkConfiguration = NetworkConfiguration(), sourcePath: String? = nil) {
        self.accounts = accounts
        self.allowHosts = allowHosts
        self.policy = policy
        self.network = network
        // The top-level allow_hosts (the older spelling) is the policy's when it has none.
        if policy.allowHosts == nil && !allowHosts.isEmpty { self.policy.allowHosts = allowHosts }
        self.sourcePath = sourcePath
    }

    /// The accounts of one vendor, in configuration order.
    public func accounts(of vendor: VendorID) -> [Account] { accounts.filter { $0.vendor == vendor } }

    /// The account with this name.
    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }

    /// Loads the configuration the way the CLI does: the file `ConfigurationLocation.find`
    /// finds, else one account per vendor whose key variable is set. `REHOOK_<VENDOR>_URL`
    /// then overrides every account's base URL.
    public static func load(explicitPath: String? = nil,
                            currentDirectory: String = FileManager.default.currentDirectoryPath,
                            environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> RehookConfiguration {
        guard let location = try ConfigurationLocation.find(explicitPath: explicitPath, currentDirectory: currentDirectory,
                                                            environment: environment) else {
            return discovered(environment: environment).applyingOverrides(environment)
        }
        let path = location.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the configuration file", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("the configuration file is not UTF-8 text", file: path)
        }
        return try parse(text, path: path).applyingOverrides(environment)
    }

    /// With no configuration file: each vendor whose default key variable is set is one
    /// account named after the vendor.
    public static func discovered(environment: [String: String]) -> RehookConfiguration {
        let accounts = VendorID.allCases
            .filter { environment[$0.defaultKeyVariable].map { !$0.isEmpty } ?? false }
            .map { Account(name: $0.rawValue, vendor: $0) }
        return RehookConfiguration(accounts: accounts)
    }

    /// Parses a configuration file's text (no environment overrides applied).
    public static func parse(_ text: String, path: String) throws(ConfigurationError) -> RehookConfiguration {
        let root: TOMLTable
        do {
            root = try TOMLReader.parse(text)
        } catch {
            throw ConfigurationError(error.message, file: path, line: error.position.line, column: error.position.column)
        }
        return try ConfigurationReader(path: path).configuration(from: root)
    }

    /// Replaces the base URL of every account of a vendor whose `REHOOK_<VENDOR>_URL` is set.
    public func applyingOverrides(_ environment: [String: String]) -> RehookConfiguration {
        var copy = self
        for index in copy.accounts.indices {
            let variable = copy.accounts[index].vendor.baseURLOverrideVariable
            if let override = environment[variable], !override.isEmpty {
                copy.accounts[index].baseURL = override
            }
        }
        return copy
    }
}

/// Where the configuration file in effect was found, and why there.
public struct ConfigurationLocation: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// `--config PATH`.
        case option
        /// `REHOOK_CONFIG`.
        case environmentVariable
        /// `rehook.toml` in the current directory.
        case currentDirectory
        /// `$XDG_CONFIG_HOME/rehook/config.toml`, or `~/.config/rehook/config.toml`.
        case userConfiguration
    }

    public var path: String
    public var origin: Origin

    /// The variable naming a configuration file when `--config` is not given.
    public static let variable = "REHOOK_CONFIG"

    /// Looks in order at `--config`, `REHOOK_CONFIG`, `rehook.toml` in `currentDirectory`, then
    /// `$XDG_CONFIG_HOME/rehook/config.toml` (`$HOME/.config/…` when unset). The first two must
    /// exist; `nil` when neither is given and no file is found.
    public static func find(explicitPath: String?, currentDirectory: String, environment: [String: String])
        throws(ConfigurationError) -> ConfigurationLocation? {
        let named: [(String?, Origin, String)] = [(explicitPath, .option, "--config"),
                                                  (environment[variable], .environmentVariable, variable)]
        for case let (path?, origin, source) in named where !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigurationError("\(source): no such configuration file", file: path)
            }
            return ConfigurationLocation(path: path, origin: origin)
        }
        let candidates: [(String?, Origin)] = [
            (URL(fileURLWithPath: currentDirectory).appendingPathComponent(RehookConfiguration.defaultFileName).path,
             .currentDirectory),
            (userConfigurationPath(environment: environment), .userConfiguration),
        ]
        for case let (path?, origin) in candidates where FileManager.default.fileExists(atPath: path) {
            return ConfigurationLocation(path: path, origin: origin)
        }
        return nil
    }

    /// `$XDG_CONFIG_HOME/rehook/config.toml`, else `$HOME/.config/rehook/config.toml`.
    public static func userConfigurationPath(environment: [String: String]) -> String? {
        let base: String
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.config"
        } else {
            return nil
        }
        return base + "/rehook/config.toml"
    }

    /// Why this file, in words (`rehook config`).
    public var reason: String {
        switch origin {
        case .option: "--config"
        case .environmentVariable: Self.variable
        case .currentDirectory: "rehook.toml in the current directory"
        case .userConfiguration: "the user configuration ($XDG_CONFIG_HOME/rehook/config.toml)"
        }
    }
}
