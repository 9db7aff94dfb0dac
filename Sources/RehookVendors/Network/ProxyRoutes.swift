import Foundation

/// An HTTP proxy: host, port and optional basic credentials (`http://user:pass@host:3128`).
public struct ProxyEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Reads `http://[user[:password]@]host[:port][/]` or `host:port`; the port defaults to 80.
    /// `nil` for anything else (an `https://` proxy, a path, no host).
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if let schemeEnd = rest.range(of: "://") {
            guard rest[..<schemeEnd.lowerBound].lowercased() == "http" else { return nil }
            rest = rest[schemeEnd.upperBound...]
        }
        if rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else { return nil }
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            username = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            password = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : nil
            rest = rest[rest.index(after: at)...]
        }
        let hostPart: Substring
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            hostPart = rest[..<colon]
            port = number
        } else {
            hostPart = rest
            port = 80
        }
        host = String(hostPart).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { return nil }
    }

    /// `http://host:port`, credentials shown as `***`: safe for output and logs.
    public var description: String {
        (username != nil ? "http://***@" : "http://") + "\(host):\(port)"
    }
}

/// Which proxy each request goes through: the `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
/// variables (lower-case forms win, as in curl), unless an account names its own proxy.
public struct ProxyRoutes: Sendable, Hashable {
    /// For `https://` URLs.
    public var httpsProxy: ProxyEndpoint?
    /// For `http://` URLs.
    public var httpProxy: ProxyEndpoint?
    /// Hosts reached directly: `example.com` (and its subdomains), `.example.com`, `127.0.0.1`, `*` for all.
    public var noProxy: [String]

    public init(httpsProxy: ProxyEndpoint? = nil, httpProxy: ProxyEndpoint? = nil, noProxy: [String] = []) {
        self.httpsProxy = httpsProxy
        self.httpProxy = httpProxy
        self.noProxy = noProxy
    }

    /// The variables rehook reads, in the order it looks at them.
    public static let variables = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"]

    /// Reads the proxy variables; fails naming a variable whose value is not an `http://` proxy.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> (name: String, value: String)? {
            for variable in [name.lowercased(), name.uppercased()] {
                if let value = environment[variable], !value.isEmpty { return (variable, value) }
            }
            return nil
        }
        func endpoint(_ name: String) throws(ConfigurationError) -> ProxyEndpoint? {
            guard let (variable, text) = value(name) else { return nil }
            guard let endpoint = ProxyEndpoint(parsing: text) else {
                throw ConfigurationError("\(variable) is not an http:// proxy URL (e.g. http://proxy.corp:3128)")
            }
            return endpoint
        }
        self.init(httpsProxy: try endpoint("https_proxy"), httpProxy: try endpoint("http_proxy"),
                  noProxy: value("no_proxy")?.value.split(separator: ",")
                      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? [])
    }

    /// The proxy for `url`, or `nil` to connect directly.
    public func proxy(for url: String) -> ProxyEndpoint? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host else { return nil }
        let proxy = scheme == "https" ? httpsProxy : scheme == "http" ? httpProxy : nil
        guard let proxy, !bypasses(host: host) else { return nil }
        return proxy
    }

    /// Whether `NO_PROXY` sends requests to `host` directly.
    public func bypasses(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return noProxy.contains { entry in
            var pattern = entry.lowercased()
            if pattern == "*" { return true }
            if let colon = pattern.lastIndex(of: ":"), !pattern.contains("]"), pattern.filter({ $0 == ":" }).count == 1 {
                pattern = String(pattern[..<colon])
            }
            pattern = pattern.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            while pattern.hasPrefix("*") || pattern.hasPrefix(".") { pattern.removeFirst() }
            return !pattern.isEmpty && (host == pattern || host.hasSuffix("." + pattern))
        }
    }
}
