import Foundation

/// The checks vendors apply to a webhook URL.
enum WebURL {
    /// An absolute http(s) URL with a host and no whitespace.
    static func isValid(_ text: String) -> Bool {
        host(of: text) != nil
    }

    /// An absolute https URL with a host.
    static func isHTTPS(_ text: String) -> Bool {
        isValid(text) && text.lowercased().hasPrefix("https://")
    }

    /// An https URL whose host is a public name: not localhost, not a private or loopback
    /// IPv4 address, and containing a dot (HeyGen delivers only to public servers).
    static func isPublicHTTPS(_ text: String) -> Bool {
        guard isHTTPS(text), let host = host(of: text)?.lowercased() else { return false }
        if host == "localhost" || host.hasSuffix(".localhost") || !host.contains(".") { return false }
        let octets = host.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return true }
        switch (octets[0], octets[1]) {
        case (10, _), (127, _), (0, _), (192, 168), (169, 254): return false
        case (172, let second) where (16...31).contains(second): return false
        default: return true
        }
    }

    private static func host(of text: String) -> String? {
        guard !text.contains(where: \.isWhitespace),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return nil }
        return host
    }
}
