import Foundation

/// The parts of a delivery URL the review checks and the value rules (a vendor that takes
/// public hosts only) need, read the way a WHATWG URL parser (and so the
/// vendor's HTTP client) reads them: scheme, then the host, with userinfo, port, path, query
/// and fragment set aside, percent-escapes decoded and numeric IPv4 forms (`0x7f.1`,
/// `2130706433`) understood.
public struct DeliveryURL: Sendable, Hashable {
    /// Lowercased scheme, e.g. `https`.
    public let scheme: String
    public let host: Host

    public enum Host: Sendable, Hashable {
        case ipv4(UInt32)
        /// Eight 16-bit pieces.
        case ipv6([UInt16])
        /// A lowercased domain name without a trailing dot.
        case name(String)
    }

    /// `nil` when the text has no scheme, no `//` authority, or a host that is not valid.
    public init?(_ text: String) {
        switch Self.parseASCII(text) {
        case .parsed(let scheme, let host):
            self.init(scheme: scheme, host: host)
        case .invalid:
            return nil
        case .unusual:
            self.init(general: text)
        }
    }

    private init(scheme: String, host: Host) {
        self.scheme = scheme
        self.host = host
    }

    private enum FastParse {
        case parsed(scheme: String, host: Host)
        case invalid
        /// Not ASCII, or a host the general parser must read: `[`, `%`, or a last label that
        /// may be a number.
        case unusual
    }

    /// The usual URL (ASCII, a domain name host) read from its bytes: the review reads the
    /// new URL of every change, and the general parser's `Character` walk was a third of a
    /// 72,000-change plan's CPU. Anything else is left to `init(general:)`, which this must
    /// agree with (`ReviewCheckTests`).
    private static func parseASCII(_ text: String) -> FastParse {
        var text = text
        return text.withUTF8 { bytes -> FastParse in
            // ASCII whitespace is what `Character.isWhitespace` trims among ASCII characters.
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return .unusual }
            var start = 0
            var end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            guard let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")), colon > start else {
                return .invalid
            }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
            func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
            guard isLetter(bytes[start]), bytes[start..<colon].allSatisfy({
                isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            }) else { return .invalid }
            guard colon + 2 < end, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") else { return .invalid }
            var authorityEnd = colon + 3
            while authorityEnd < end {
                let byte = bytes[authorityEnd]
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                    break
                }
                authorityEnd += 1
            }
            var hostStart = colon + 3
            if let at = bytes[hostStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
            if hostStart < authorityEnd, bytes[hostStart] == UInt8(ascii: "[") { return .unusual }
            let hostEnd = bytes[hostStart..<authorityEnd].firstIndex(of: UInt8(ascii: ":")) ?? authorityEnd
            guard bytes[hostEnd..<authorityEnd].dropFirst().allSatisfy(isDigit) else { return .invalid }
            var nameEnd = hostEnd
            if nameEnd > hostStart, bytes[nameEnd - 1] == UInt8(ascii: ".") { nameEnd -= 1 }
            guard nameEnd > hostStart else { return .invalid }
            let forbidden: [UInt8] = Array(" <>^|%/\\@#?[]".utf8)
            for byte in bytes[hostStart..<nameEnd] where forbidden.contains(byte) || byte < 0x20 || byte == 0x7F {
                return byte == UInt8(ascii: "%") || byte < 0x20 || byte == 0x7F ? .unusual : .invalid
            }
            let lastLabel = (bytes[hostStart..<nameEnd].lastIndex(of: UInt8(ascii: ".")) ?? hostStart - 1) + 1
            if lastLabel < nameEnd {
                let first = bytes[lastLabel]
                if isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return .unusual }
            }
            func lowercased(_ range: Range<Int>) -> String {
                String(unsafeUninitializedCapacity: range.count) { buffer -> Int in
                    for (offset, byte) in bytes[range].enumerated() {
                        buffer[offset] = isLetter(byte) ? byte | 0x20 : byte
                    }
                    return range.count
                }
            }
            return .parsed(scheme: lowercased(start..<colon), host: .name(lowercased(hostStart..<nameEnd)))
        }
    }

    /// Any URL, read `Character` by `Character`.
    package init?(general text: String) {
        let trimmed = text.trimmingWhitespace
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon].lowercased()
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = trimmed[trimmed.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        let afterSlashes = rest.dropFirst(2)
        let authority = afterSlashes.prefix { !"/\\?#".contains($0) }
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        guard let host = Self.parseHost(hostAndPort) else { return nil }
        self.init(scheme: scheme, host: host)
    }

    private static func parseHost(_ hostAndPort: Substring) -> Host? {
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            let literal = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            guard isValidPort(hostAndPort[hostAndPort.index(after: close)...]) else { return nil }
            return IPv6Parser.parse(literal).map(Host.ipv6)
        }
        let colon = hostAndPort.firstIndex(of: ":") ?? hostAndPort.endIndex
        guard isValidPort(hostAndPort[colon...]), let decoded = hostAndPort[..<colon].percentDecoded else { return nil }
        var name = decoded.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty, !name.contains(where: { " <>^|%/\\@#?[]".contains($0) }) else { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if let last = labels.last, IPv4Parser.isNumeric(last) {
            return IPv4Parser.parse(labels).map(Host.ipv4)
        }
        return .name(name)
    }

    /// Empty, or `:` followed by digits only.
    private static func isValidPort(_ text: Substring) -> Bool {
        text.isEmpty || (text.first == ":" && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    }
}

/// WHATWG IPv4 parsing: one to four parts, each decimal, `0x` hex or leading-zero octal;
/// the last part fills the remaining bytes.
enum IPv4Parser {
    static func parse(_ labels: [Substring]) -> UInt32? {
        guard (1...4).contains(labels.count) else { return nil }
        var numbers: [UInt64] = []
        for label in labels {
            guard let number = number(label) else { return nil }
            numbers.append(number)
        }
        guard let last = numbers.last else { return nil }
        let leading = numbers.dropLast()
        guard leading.allSatisfy({ $0 <= 255 }), last < (UInt64(1) << (8 * (5 - numbers.count))) else { return nil }
        var address = last
        for (position, part) in leading.enumerated() {
            address += part << (8 * UInt64(3 - position))
        }
        return UInt32(exactly: address)
    }

    /// The label "ends in a number" in WHATWG terms: the host must then be an IPv4 address.
    static func isNumeric(_ label: Substring) -> Bool {
        (!label.isEmpty && label.allSatisfy { $0.isASCII && $0.isNumber }) || number(label) != nil
    }

    private static func number(_ label: Substring) -> UInt64? {
        let lowered = label.lowercased()
        if lowered.hasPrefix("0x") { return lowered.count == 2 ? 0 : UInt64(lowered.dropFirst(2), radix: 16) }
        if lowered.count > 1, lowered.hasPrefix("0") { return UInt64(lowered.dropFirst(), radix: 8) }
        return UInt64(lowered, radix: 10)
    }
}

/// RFC 4291 text form: hex pieces, at most one `::`, an optional dotted IPv4 tail, and an
/// optional zone (`%25eth0`) which is ignored.
enum IPv6Parser {
    static func parse(_ literal: Substring) -> [UInt16]? {
        let address = literal.firstIndex(of: "%").map { literal[..<$0] } ?? literal
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2, let head = halves.first.flatMap(pieces) else { return nil }
        guard let tailText = halves.last, halves.count == 2 else { return head.count == 8 ? head : nil }
        guard let tail = pieces(tailText), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    private static func pieces(_ text: String) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        var result: [UInt16] = []
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        for (index, group) in groups.enumerated() {
            if index == groups.count - 1, group.contains(".") {
                let labels = group.split(separator: ".", omittingEmptySubsequences: false)
                guard labels.count == 4, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                      let ipv4 = IPv4Parser.parse(labels) else { return nil }
                result += [UInt16(ipv4 >> 16), UInt16(ipv4 & 0xFFFF)]
            } else {
                guard (1...4).contains(group.count), let piece = UInt16(group, radix: 16) else { return nil }
                result.append(piece)
            }
        }
        return result
    }
}

extension DeliveryURL.Host {
    /// Why the host is not a public internet address, or `nil` when it is (or may be) public.
    public var nonPublicReason: String? {
        switch self {
        case .ipv4(let address): Self.ipv4Reason(address)
        case .ipv6(let pieces): Self.ipv6Reason(pieces)
        case .name(let name): Self.nameReason(name)
        }
    }

    private static func ipv4Reason(_ address: UInt32) -> String? {
        func within(_ network: UInt32, _ prefixLength: UInt32) -> Bool {
            address >> (32 - prefixLength) == network >> (32 - prefixLength)
        }
        if within(0x7F00_0000, 8) { return "a loopback address (127.0.0.0/8)" }
        if within(0x0A00_0000, 8) { return "a private address (10.0.0.0/8)" }
        if within(0xAC10_0000, 12) { return "a private address (172.16.0.0/12)" }
        if within(0xC0A8_0000, 16) { return "a private address (192.168.0.0/16)" }
        if within(0xA9FE_0000, 16) { return "a link-local address (169.254.0.0/16)" }
        if within(0x6440_0000, 10) { return "a shared carrier-grade NAT address (100.64.0.0/10)" }
        if within(0x0000_0000, 8) { return "an unspecified address (0.0.0.0/8)" }
        return nil
    }

    private static func ipv6Reason(_ pieces: [UInt16]) -> String? {
        guard pieces.count == 8 else { return nil }
        if pieces[0..<5].allSatisfy({ $0 == 0 }), pieces[5] == 0xFFFF {
            return ipv4Reason(UInt32(pieces[6]) << 16 | UInt32(pieces[7])).map { "an IPv4-mapped IPv6 form of " + $0 }
        }
        if pieces[0..<7].allSatisfy({ $0 == 0 }) {
            if pieces[7] == 1 { return "the IPv6 loopback address (::1)" }
            if pieces[7] == 0 { return "the unspecified IPv6 address (::)" }
        }
        if pieces[0] & 0xFE00 == 0xFC00 { return "a unique-local IPv6 address (fc00::/7)" }
        if pieces[0] & 0xFFC0 == 0xFE80 { return "a link-local IPv6 address (fe80::/10)" }
        return nil
    }

    private static func nameReason(_ name: String) -> String? {
        if name == "localhost" || name.hasSuffix(".localhost") { return "a loopback name (localhost)" }
        if name.hasSuffix(".local") { return "a multicast-DNS name (*.local)" }
        if name.hasSuffix(".internal") { return "an internal-only name (*.internal)" }
        return nil
    }
}

extension StringProtocol {
    package var trimmingWhitespace: Substring {
        let text = Substring(self)
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? start
        return text[start..<Swift.max(start, end)]
    }

    /// `%XX` escapes decoded as UTF-8; `nil` for a malformed escape or invalid UTF-8.
    package var percentDecoded: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
