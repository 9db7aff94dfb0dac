import Foundation
import RehookModel

/// Turns a parsed `rehook.toml` into accounts, checking every key and value.
struct ConfigurationReader {
    let path: String

    private static let topLevelKeys = ["allow_hosts", "connect_timeout", "request_timeout", "ca_file", "account"]
    private static let accountKeys = ["name", "vendor", "key_env", "key_file", "base_url", "rate",
                                      "write_rate", "concurrency", "proxy"]

    private func failure(_ message: String, at line: Int) -> ConfigurationError {
        ConfigurationError(message, file: path, line: line)
    }

    func configuration(from root: TOMLTable) throws(ConfigurationError) -> RehookConfiguration {
        try checkKeys(of: root, allowed: Self.topLevelKeys, in: "the top level")
        var allowHosts: [String] = []
        if let entry = root["allow_hosts"] {
            allowHosts = try stringList(entry, "allow_hosts")
            for host in allowHosts where host.isEmpty || host.contains("/") || host.contains(" ") {
                throw failure("allow_hosts: \"\(host)\" is not a host pattern (e.g. \"hooks.acme.dev\" or \"*.acme.dev\")",
                              at: entry.position.line)
            }
        }
        let network = try networkConfiguration(from: root)
        var accounts: [Account] = []
        if let entry = root["account"] {
            guard case .array(let items) = entry.value else {
                throw failure("'account' must be written as [[account]] tables", at: entry.position.line)
            }
            for item in items {
                guard case .table(let table) = item else {
                    throw failure("'account' must be written as [[account]] tables", at: entry.position.line)
                }
                let account = try self.account(from: table)
                if let first = accounts.first(where: { $0.name == account.name }) {
                    throw failure("account name '\(first.name)' is used twice", at: table.position.line)
                }
                accounts.append(account)
            }
        }
        return RehookConfiguration(accounts: accounts, allowHosts: allowHosts, network: network, sourcePath: path)
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
                throw failure(error.message, at: entry.position.line)
            }
            network.caFile = file
        }
        return network
    }

    private func seconds(_ entry: TOMLEntry, _ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .integer(let value) = entry.value, range.contains(value) else {
            throw failure("\(key) must be a whole number of seconds from \(range.lowerBound) to \(range.upperBound)",
                          at: entry.position.line)
        }
        return value
    }

    private func account(from table: TOMLTable) throws(ConfigurationError) -> Account {
        let header = table.position.line
        if let key = table["key"] ?? table["api_key"] {
            throw failure("an API key must not be written in the configuration file; "
                          + "use key_env = \"VARIABLE\" or key_file = \"/path\"", at: key.position.line)
        }
        try checkKeys(of: table, allowed: Self.accountKeys, in: "[[account]]")
        guard let nameEntry = table["name"] else { throw failure("[[account]] needs a name", at: header) }
        let name = try string(nameEntry, "name")
        guard !name.isEmpty else { throw failure("account name must not be empty", at: nameEntry.position.line) }
        guard let vendorEntry = table["vendor"] else {
            throw failure("account '\(name)' needs a vendor (one of \(Self.vendorList))", at: header)
        }
        let vendorName = try string(vendorEntry, "vendor")
        guard let vendor = VendorID(rawValue: vendorName) else {
            throw failure("account '\(name)': unknown vendor '\(vendorName)' (one of \(Self.vendorList))",
                          at: vendorEntry.position.line)
        }
        var account = Account(name: name, vendor: vendor, keySource: try keySource(table, account: name))
        if let entry = table["base_url"] { account.baseURL = try baseURL(entry) }
        if let entry = table["rate"] { account.setRate(try self.rate(entry, "rate")) }
        if let entry = table["write_rate"] { account.writeRate = try self.rate(entry, "write_rate") }
        if let entry = table["concurrency"] {
            guard case .integer(let limit) = entry.value, (1...256).contains(limit) else {
                throw failure("concurrency must be an integer from 1 to 256", at: entry.position.line)
            }
            account.concurrency = limit
        }
        if let entry = table["proxy"] {
            let text = try string(entry, "proxy")
            guard let proxy = ProxyEndpoint(parsing: text) else {
                throw failure("account '\(name)': proxy must be an http:// proxy URL (e.g. \"http://proxy.corp:3128\")",
                              at: entry.position.line)
            }
            account.proxy = proxy
        }
        return account
    }

    private static var vendorList: String { VendorID.allCases.map(\.rawValue).joined(separator: ", ") }

    private func keySource(_ table: TOMLTable, account name: String) throws(ConfigurationError) -> KeySource? {
        switch (table["key_env"], table["key_file"]) {
        case (let variable?, nil): return .environment(try string(variable, "key_env"))
        case (nil, let file?): return .file(try string(file, "key_file"))
        case (_?, let file?):
            throw failure("account '\(name)': set key_env or key_file, not both", at: file.position.line)
        case (nil, nil): return nil
        }
    }

    private func baseURL(_ entry: TOMLEntry) throws(ConfigurationError) -> String {
        let text = try string(entry, "base_url")
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false, url.query == nil else {
            throw failure("base_url \"\(text)\" is not an http(s) URL", at: entry.position.line)
        }
        return text
    }

    private func rate(_ entry: TOMLEntry, _ key: String) throws(ConfigurationError) -> RateLimit {
        guard let rate = RateLimit(parsing: try string(entry, key)) else {
            throw failure("\(key) must look like \"10/s\" or \"20/m\"", at: entry.position.line)
        }
        return rate
    }

    private func string(_ entry: TOMLEntry, _ key: String) throws(ConfigurationError) -> String {
        guard case .string(let text) = entry.value else {
            throw failure("\(key) must be a string, got \(entry.value.typeName)", at: entry.position.line)
        }
        return text
    }

    private func stringList(_ entry: TOMLEntry, _ key: String) throws(ConfigurationError) -> [String] {
        guard case .array(let items) = entry.value else {
            throw failure("\(key) must be an array of strings, got \(entry.value.typeName)", at: entry.position.line)
        }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else {
                throw failure("\(key) must be an array of strings, got a \(item.typeName) in it", at: entry.position.line)
            }
            strings.append(text)
        }
        return strings
    }

    private func checkKeys(of table: TOMLTable, allowed: [String], in place: String) throws(ConfigurationError) {
        for key in table.keys where !allowed.contains(key) {
            let line = table[key]?.position.line ?? table.position.line
            throw failure("unknown key '\(key)' in \(place) (allowed: \(allowed.joined(separator: ", ")))", at: line)
        }
    }
}
