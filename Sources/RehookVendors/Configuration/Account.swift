import Foundation
import RehookModel

/// One vendor account rehook manages: its name, vendor, base URL, where its key comes from,
/// and how hard it may be driven.
public struct Account: Sendable, Hashable {
    /// Unique across the configuration; appears in plans, journals and output.
    public var name: String
    public var vendor: VendorID
    /// The base every call path is appended to (CONTRACT.md "Base URLs").
    public var baseURL: String
    public var keySource: KeySource
    /// Budget for every call of the account, reads and writes alike (`rate`); `nil` is
    /// unlimited (JoggAI publishes no limit on reads).
    public var rate: RateLimit?
    /// A stricter budget for writes within `rate` (`write_rate`); `nil`: only `rate` applies.
    public var writeRate: RateLimit?
    /// Most calls in flight at once for this account.
    public var concurrency: Int
    /// The account's own HTTP proxy (`proxy` in rehook.toml): every request of the account goes
    /// through it, whatever `HTTPS_PROXY`/`NO_PROXY` say; `nil`: those variables decide.
    public var proxy: ProxyEndpoint?

    /// An account with the vendor's documented base URL and key variable unless given,
    /// and the default rates and concurrency (`RateDefaults`); adjust the properties after.
    public init(name: String, vendor: VendorID, baseURL: String? = nil, keySource: KeySource? = nil) {
        self.name = name
        self.vendor = vendor
        self.baseURL = baseURL ?? vendor.defaultBaseURL
        self.keySource = keySource ?? .environment(vendor.defaultKeyVariable)
        self.rate = RateDefaults.rate(vendor)
        self.writeRate = RateDefaults.writeRate(vendor)
        self.concurrency = RateDefaults.concurrency
    }

    /// Sets the pace of every call. A rate chosen for the account replaces the vendor's default
    /// write rate too (JoggAI's 20/m); a write rate set explicitly stays.
    public mutating func setRate(_ newRate: RateLimit?) {
        rate = newRate
        if writeRate == RateDefaults.writeRate(vendor) { writeRate = nil }
    }

    /// The pace of this account's pipeline.
    public var pacing: PacingLimit {
        PacingLimit(requestsPerSecond: rate?.requestsPerSecond ?? PacingLimit.unlimited.requestsPerSecond,
                    writesPerSecond: writeRate?.requestsPerSecond)
    }

    /// Reads the account's API key from its source.
    /// Fails with e.g. `account 'heygen-eu': environment variable HEYGEN_EU_KEY is not set`.
    /// A warning when the account's key file may be read by other users (group or other
    /// permission bits set); `nil` for a private file or a key from the environment.
    public var keyFilePermissionWarning: String? {
        // stat(2), not FileManager's attributes: those also look up the owner's user and group
        // names, reading /etc/passwd and /etc/group for every key file (1,000 accounts: seconds).
        var status = stat()
        guard case .file(let path) = keySource, stat(path, &status) == 0 else { return nil }
        let mode = Int(status.st_mode) & 0o7777
        guard mode & 0o077 != 0 else { return nil }
        return "warning: account '\(name)': key file \(path) is readable by other users (mode "
            + String(mode & 0o777, radix: 8) + "); restrict it with: chmod 600 \(path)"
    }

    public func loadKey(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> APIKey {
        do {
            switch keySource {
            case .environment(let name):
                return APIKey(try EnvironmentSecretResolver.readVariable(name, from: environment))
            case .file(let path):
                return APIKey(try EnvironmentSecretResolver.readFile(path))
            }
        } catch {
            throw ConfigurationError("account '\(name)': \(error.message)")
        }
    }
}

/// Rates used when the configuration does not set one (see docs/configuration.md).
public enum RateDefaults {
    /// Calls in flight per account.
    public static let concurrency = 4
    /// Where a vendor publishes nothing: a conservative 2 requests per second.
    public static let unpublished = RateLimit.unpublished

    /// Budget for every call: the vendor's descriptor (`VendorRates.overall`); `nil` is unlimited.
    public static func rate(_ vendor: VendorID) -> RateLimit? { vendor.descriptor.defaultRates.overall }

    /// Stricter write budget: the vendor's descriptor (`VendorRates.writes`).
    public static func writeRate(_ vendor: VendorID) -> RateLimit? { vendor.descriptor.defaultRates.writes }
}

extension Account {
    /// The base URL with any password or credential query value masked (`URLCredentials`), for output.
    public var displayBaseURL: String { URLCredentials.masked(baseURL) }
}
