import RehookModel

/// One entry of `allow_hosts`: an exact host (`hooks.acme.dev`, `203.0.113.7`, `[2001:db8::1]`)
/// or every subdomain of a domain (`*.acme.dev`, which matches `a.acme.dev` and
/// `a.b.acme.dev` but neither `acme.dev` nor `evilacme.dev`). Hosts are compared the way URLs
/// read them: case and a trailing dot ignored, IP addresses by value.
public struct AllowedHostPattern: Sendable, Hashable, CustomStringConvertible {
    /// The host, or for `*.domain` the domain.
    let host: DeliveryURL.Host
    /// `*.domain`: subdomains match, the domain itself does not.
    public let matchesSubdomainsOnly: Bool
    public let description: String

    /// Reads a pattern as written in config or on the command line.
    /// - Throws: `AllowedHostPatternError` for an empty pattern, a `*` anywhere but a leading
    ///   `*.`, a wildcard over an IP address, or anything that is not a host.
    public init(_ text: String) throws {
        var pattern = String(text.trimmingWhitespace)
        let wildcard = pattern.hasPrefix("*.")
        if wildcard { pattern.removeFirst(2) }
        guard !pattern.isEmpty, !pattern.contains("*"), !pattern.hasPrefix("."),
              !pattern.contains(where: { "/\\@?#".contains($0) }), let host = Self.readHost(pattern) else {
            throw AllowedHostPatternError(pattern: text)
        }
        if wildcard {
            guard case .name = host else { throw AllowedHostPatternError(pattern: text) }
        }
        self.host = host
        self.matchesSubdomainsOnly = wildcard
        if case .name(let name) = host { self.description = (wildcard ? "*." : "") + name } else {
            self.description = pattern.lowercased()
        }
    }

    /// `true` when `host` (a URL's host, IPv6 with or without brackets) is allowed.
    public func matches(host text: String) -> Bool {
        Self.readHost(text).map(matches) ?? false
    }

    func matches(_ candidate: DeliveryURL.Host) -> Bool {
        guard matchesSubdomainsOnly else { return candidate == host }
        guard case .name(let name) = candidate, case .name(let domain) = host else { return false }
        return name.hasSuffix("." + domain)
    }

    /// Reads a bare host through the URL host parser, so patterns and URLs agree.
    private static func readHost(_ text: String) -> DeliveryURL.Host? {
        let bracketed = text.contains(":") && !text.hasPrefix("[") ? "[\(text)]" : text
        return DeliveryURL("http://\(bracketed)/")?.host
    }
}

/// An `allow_hosts` entry that is not a host or `*.domain` pattern.
public struct AllowedHostPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    public let pattern: String

    public var description: String {
        "allow_hosts: \"\(pattern)\" is not a host pattern; write a host (hooks.acme.dev) or *.domain (*.acme.dev)"
    }
}
