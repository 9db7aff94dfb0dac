import Foundation
import RehookModel

/// Turns a parsed `rehook.toml` into accounts and a review policy, checking every key and
/// value, and reporting every problem of the file at once (`file:line:col: message`, one a line).
struct ConfigurationReader {
    let path: String

    private static let topLevelKeys = ["allow_hosts", "policy", "connect_timeout", "request_timeout", "ca_file", "account"]
    private static let policyKeys = ["max_changes", "strict", "allow_hosts", "require_https"]
    private static let accountKeys = ["name", "vendor", "key_env", "key_file", "base_url", "rate",
                                      "write_rate", "concurrency", "proxy"]

    /// The problems found so far.
    private struct Problems {
        var found: [ConfigurationError] = []

        /// `body`'s value, or nil with its error recorded.
        mutating func attempt<T>(_ body: () throws(ConfigurationError) -> T) -> T? {
            do {
                return try body()
            } catch {
                found.append(error)
                return nil
            }
        }
    }

    private func failure(_ message: String, at position: TOMLPosition) -> ConfigurationError {
        ConfigurationError(message, file: path, line: position.line, column: position.column)
    }

    func configuration(from root: TOMLTable) throws(ConfigurationError) -> RehookConfiguration {
        var problems = Problems()
        problems.found += unknownKeys(of: root, allowed: Self.topLevelKeys, in: "the top level")
        var policy = ConfiguredPolicy()
        if let entry = root["policy"] {
            if case .table(let table) = entry.value {
                policy = self.policy(from: table, problems: &problems)
            } else {
                problems.found.append(failure("'policy' must be written as a [policy] table", at: entry.position))
            }
        }
        if let entry = root["allow_hosts"] {
            if policy.allowHosts != nil {
                problems.found.append(failure("allow_hosts is set both here and in [policy]; keep the one in [policy]",
                                              at: entry.position))
            } else {
                policy.allowHosts = problems.attempt { () throws(ConfigurationError) in try hostList(entry) }
            }
        }
        let network = problems.attempt { () throws(ConfigurationError) in try networkConfiguration(from: root) }
            ?? NetworkConfiguration()
        var accounts: [Account] = []
        if let entry = root["account"] {
            guard case .array(let items) = entry.value else {
                throw failure("'account' must be written as [[account]] tables", at: entry.position)
            }
            for item in items {
                guard case .table(let table) = item else {
                    problems.found.append(failure("'account' must be written as [[account]] tables", at: entry.position))
                    continue
                }
                guard let account = self.account(from: table, problems: &problems) else { continue }
                if let first = accounts.first(where: { $0.name == account.name }) {
                    problems.found.append(failure("account name '\(first.name)' is used twice", at: table.position))
                }
                accounts.append(account)
            }
        }
        let inFileOrder = problems.found.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        if let first = inFileOrder.first {
            var combined = first
            combined.more = Array(inFileOrder.dropFirst())
            throw combined
        }
        return RehookConfiguration(accounts: accounts, allowHosts: policy.allowHosts ?? [], policy: policy,
                                   network: network, sourcePath: path)
    }

    /// `connect_timeout`, `request_timeout` (whole seconds) and `ca_file` (a PEM file).
    private func networkConfiguration(from root: TOMLTable) throws(ConfigurationError) -> NetworkConfiguration {
        var network = NetworkConfiguration()
        if let entry = root["connect_timeout"] { network.connectTimeout = try seconds(entry, "connect_timeout", in: 1...600) }
        if let entry = root["request_timeout"] { network.requestTimeout = try seconds(entry, "request_timeout", in: 1...3600) }
        if let entry = root["ca_file"] {
            let file = try string(entry, "ca_file")
            do {
                try NetworkSettings.checkCertificates(in: file, from: "ca_file")
            } catch {
                throw failure(error.message, at: entry.position)
            }
            network.caFile = file
        }
        return network
    }

    private func seconds(_ entry: TOMLEntry, _ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .integer(let value) = entry.value, range.contains(value) else {
            throw failure("\(key) must be a whole number of seconds from \(range.lowerBound) to \(range.upperBound)",
                          at: entry.position)
        }
        return value
    }

    private func policy(from table: TOMLTable, problems: inout Problems) -> ConfiguredPolicy {
        problems.found += unknownKeys(of: table, allowed: Self.policyKeys, in: "[policy]")
        var policy = ConfiguredPolicy()
        if let entry = table["max_changes"] {
            if case .integer(let limit) = entry.value, limit >= 0 {
                policy.maxChanges = limit
            } else {
                problems.found.append(failure("max_changes must be an integer, 0 or more", at: entry.position))
            }
        }
        for (key, keyPath) in [("strict", \ConfiguredPolicy.strict), ("require_https", \ConfiguredPolicy.requireHTTPS)] {
            guard let entry = table[key] else { continue }
            if case .boolean(let flag) = entry.value {
                policy[keyPath: keyPath] = flag
            } else {
                problems.found.append(failure("\(key) must be true or false, got \(entry.value.typeName)", at: entry.position))
            }
        }
        if let entry = table["allow_hosts"] {
            policy.allowHosts = problems.attempt { () throws(ConfigurationError) in try hostList(entry) }
        }
        return policy
    }

    private func hostList(_ entry: TOMLEntry) throws(ConfigurationError) -> [String] {
        let hosts = try stringList(entry, "allow_hosts")
        for host in hosts where host.isEmpty || host.contains("/") || host.contains(" ") {
            throw failure("allow_hosts: \"\(host)\" is not a host pattern (e.g. \"hooks.acme.dev\" or \"*.acme.dev\")",
                          at: entry.position)
        }
        return hosts
    }

    /// The account of `table`, or nil when its name or vendor cannot be read; every problem recorded.
    private func account(from table: TOMLTable, problems: inout Problems) -> Account? {
        if let key = table["key"] ?? table["api_key"] {
            problems.found.append(failure("an API key must not be written in the configuration file; "
                                          + "use key_env = \"VARIABLE\" or key_file = \"/path\"", at: key.position))
        }
        problems.found += unknownKeys(of: table, allowed: Self.accountKeys + ["key", "api_key"], in: "[[account]]")
        guard let nameEntry = table["name"] else {
            problems.found.append(failure("[[account]] needs a name", at: table.position))
            return nil
        }
        guard let name = problems.attempt({ () throws(ConfigurationError) in try string(nameEntry, "name") }) else { return nil }
        guard !name.isEmpty else {
            problems.found.append(failure("account name must not be empty", at: nameEntry.position))
            return nil
        }
        guard let vendorEntry = table["vendor"] else {
            problems.found.append(failure("account '\(name)' needs a vendor (one of \(Self.vendorList))", at: table.position))
            return nil
        }
        guard let vendorName = problems.attempt({ () throws(ConfigurationError) in try string(vendorEntry, "vendor") }) else {
            return nil
        }
        guard let vendor = VendorID(rawValue: vendorName) else {
            problems.found.append(failure("account '\(name)': unknown vendor '\(vendorName)' (one of \(Self.vendorList))",
                                          at: vendorEntry.position))
            return nil
        }
        var account = Account(name: name, vendor: vendor,
                              keySource: problems.attempt { () throws(ConfigurationError) in try keySource(table, account: name) } ?? nil)
        if let entry = table["base_url"], let url = problems.attempt({ () throws(ConfigurationError) in try baseURL(entry) }) {
            account.baseURL = url
        }
        if let entry = table["rate"], let rate = problems.attempt({ () throws(ConfigurationError) in try self.rate(entry, "rate") }) {
            account.setRate(rate)
        }
        if let entry = table["write_rate"],
           let rate = problems.attempt({ () throws(ConfigurationError) in try self.rate(entry, "write_rate") }) {
            account.writeRate = rate
        }
        if let entry = table["concurrency"] {
            if case .integer(let limit) = entry.value, (1...256).contains(limit) {
                account.concurrency = limit
            } else {
                problems.found.append(failure("concurrency must be an integer from 1 to 256", at: entry.position))
            }
        }
        if let entry = table["proxy"], let text = problems.attempt({ () throws(ConfigurationError) in try string(entry, "proxy") }) {
            if let proxy = ProxyEndpoint(parsing: text) {
                account.proxy = proxy
            } else {
                problems.found.append(failure("account '\(name)': proxy must be an http:// proxy URL "
                                              + "(e.g. \"http://proxy.corp:3128\")", at: entry.position))
            }
        }
        return account
    }

    private static var vendorList: String { VendorID.allCases.map(\.rawValue).joined(separator: ", ") }

    private func keySource(_ table: TOMLTable, account name: String) throws(ConfigurationError) -> KeySource? {
        switch (table["key_env"], table["key_file"]) {
        case (let variable?, nil): return .environment(try string(variable, "key_env"))
        case (nil, let file?): return .file(try string(file, "key_file"))
        case (_?, let file?):
            throw failure("account '\(name)': set key_env or key_file, not both", at: file.position)
        case (nil, nil): return nil
        }
    }

    private func baseURL(_ entry: TOMLEntry) throws(ConfigurationError) -> String {
        let text = try string(entry, "base_url")
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false, url.query == nil else {
            throw failure("base_url \"\(text)\" is not an http(s) URL", at: entry.position)
        }
        return text
    }

    private func rate(_ entry: TOMLEntry, _ key: String) throws(ConfigurationError) -> RateLimit {
        guard let rate = RateLimit(parsing: try string(entry, key)) else {
            throw failure("\(key) must look like \"10/s\" or \"20/m\"", at: entry.position)
        }
        return rate
    }

    private func string(_ entry: TOMLEntry, _ key: String) throws(ConfigurationError) -> String {
        guard case .string(let text) = entry.value else {
            throw failure("\(key) must be a string, got \(entry.value.typeName)", at: entry.position)
        }
        return text
    }

    private func stringList(_ entry: TOMLEntry, _ key: String) throws(ConfigurationError) -> [String] {
        guard case .array(let items) = entry.value else {
            throw failure("\(key) must be an array of strings, got \(entry.value.typeName)", at: entry.position)
        }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else {
                throw failure("\(key) must be an array of strings, got a \(item.typeName) in it", at: entry.position)
            }
            strings.append(text)
        }
        return strings
    }

    private func unknownKeys(of table: TOMLTable, allowed: [String], in place: String) -> [ConfigurationError] {
        let shown = allowed.filter { $0 != "key" && $0 != "api_key" }.joined(separator: ", ")
        return table.keys.filter { !allowed.contains($0) }.map { key in
            failure("unknown key '\(key)' in \(place) (allowed: \(shown))", at: table[key]?.position ?? table.position)
        }
    }
}
