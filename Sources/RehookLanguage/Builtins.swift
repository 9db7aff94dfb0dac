import Foundation
import RehookModel

/// The builtin functions' runtime behaviour.
enum Builtins {
    static func call(_ builtin: Builtin, _ values: [Value], at range: SourceRange,
                     arguments: [Expression]) throws(RuntimeError) -> Value {
        guard values.count == builtin.arity else {
            throw RuntimeError("\(builtin.signature) takes \(builtin.arity) argument\(builtin.arity == 1 ? "" : "s"), got \(values.count)",
                               at: range)
        }
        var strings: [String] = []
        for (index, value) in values.enumerated() {
            guard case .string(let string) = value else {
                throw RuntimeError("\(builtin.rawValue) expects a string, got \(value.articledType)", at: arguments[index].range)
            }
            strings.append(string)
        }
        switch builtin {
        case .replace:
            return .string(replacing(strings[1], with: strings[2], in: strings[0]))
        case .lower: return .string(strings[0].lowercased())
        case .upper: return .string(strings[0].uppercased())
        case .trim: return .string(strings[0].trimmingCharacters(in: .whitespacesAndNewlines))
        case .host:
            guard let host = host(of: strings[0]) else { throw RuntimeError("'\(strings[0])' is not a valid absolute URL", at: arguments[0].range) }
            return .string(host)
        case .path: return .string(try components(strings[0], at: arguments[0].range).percentEncodedPath)
        case .withHost:
            var url = try components(strings[0], at: arguments[0].range)
            guard isValidHost(strings[1]) else {
                throw RuntimeError("with_host: '\(strings[1])' is not a valid host name", at: arguments[1].range)
            }
            url.host = strings[1]
            guard let result = url.string else {
                throw RuntimeError("with_host: cannot build a URL with host '\(strings[1])'", at: range)
            }
            return .string(result)
        case .env:
            guard isEnvironmentName(strings[0]) else {
                throw RuntimeError("env: '\(strings[0])' is not a valid environment variable name", at: arguments[0].range)
            }
            return .secret(.environment(strings[0]))
        case .file:
            guard !strings[0].isEmpty else { throw RuntimeError("file: the path is empty", at: arguments[0].range) }
            return .secret(.file(strings[0]))
        }
    }

    /// `text` parsed as an absolute URL with a scheme and a host.
    static func components(_ text: String, at range: SourceRange) throws(RuntimeError) -> URLComponents {
        guard let components = URLComponents(string: text), components.scheme != nil,
              let host = components.host, !host.isEmpty else {
            throw RuntimeError("'\(text)' is not a valid absolute URL", at: range)
        }
        return components
    }

    /// The host of an absolute URL (`scheme://[user@]host[:port][/...]`), lowercased as
    /// URL hosts compare; a fast path that avoids a full URL parse. Nil when not absolute.
    static func host(of url: String) -> String? {
        var url = url
        return url.withUTF8 { bytes -> String? in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon != 0,
                  bytes[0..<colon].allSatisfy({ isSchemeByte($0) }) else { return nil }
            var start = colon + 1
            for _ in 0..<2 {
                guard start < bytes.count, bytes[start] == UInt8(ascii: "/") else { return nil }
                start += 1
            }
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
                end += 1
            }
            var authority = start..<end
            if let at = bytes[authority].lastIndex(of: UInt8(ascii: "@")) { authority = (at + 1)..<end }
            if authority.first.map({ bytes[$0] }) == UInt8(ascii: "[") {
                guard let close = bytes[authority].firstIndex(of: UInt8(ascii: "]")) else { return nil }
                authority = authority.lowerBound..<(close + 1)
            } else if let port = bytes[authority].firstIndex(of: UInt8(ascii: ":")) {
                authority = authority.lowerBound..<port
            }
            guard !authority.isEmpty else { return nil }
            let host = String(decoding: UnsafeBufferPointer(rebasing: bytes[authority]), as: UTF8.self)
            return bytes[authority].contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) ? host.lowercased() : host
        }
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// Whether `text` starts with `prefix`, comparing UTF-8 bytes.
    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        var text = text
        var prefix = prefix
        return text.withUTF8 { text in
            prefix.withUTF8 { prefix in
                prefix.count <= text.count && (prefix.isEmpty || memcmp(text.baseAddress!, prefix.baseAddress!, prefix.count) == 0)
            }
        }
    }

    /// Whether `text` ends with `suffix`, comparing UTF-8 bytes.
    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        var text = text
        var suffix = suffix
        return text.withUTF8 { text in
            suffix.withUTF8 { suffix in
                suffix.count <= text.count
                    && (suffix.isEmpty || memcmp(text.baseAddress! + (text.count - suffix.count), suffix.baseAddress!, suffix.count) == 0)
            }
        }
    }

    /// Whether `text` contains `part`, comparing UTF-8 bytes (no Foundation bridging).
    static func contains(_ text: String, _ part: String) -> Bool {
        if part.isEmpty { return true }
        var text = text
        var part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard needle.count <= haystack.count, let first = needle.first,
                      let haystackStart = haystack.baseAddress, let needleStart = needle.baseAddress else { return false }
                for index in 0...(haystack.count - needle.count)
                where haystack[index] == first && memcmp(haystackStart + index, needleStart, needle.count) == 0 {
                    return true
                }
                return false
            }
        }
    }

    /// `text` with every non-overlapping occurrence of `old`, left to right, replaced by `new`.
    /// ASCII text (nearly every URL) is searched byte by byte, as `contains` does; other text
    /// goes through Foundation, which matches canonically equivalent characters. The
    /// Foundation call for ASCII was 14 % of evaluating a 100k-webhook plan.
    static func replacing(_ old: String, with new: String, in text: String) -> String {
        guard !old.isEmpty else { return text }
        guard isASCII(text), isASCII(old) else { return text.replacingOccurrences(of: old, with: new) }
        var text = text
        var old = old
        return text.withUTF8 { haystack in
            old.withUTF8 { needle -> String in
                guard needle.count <= haystack.count, let first = needle.first,
                      let haystackStart = haystack.baseAddress, let needleStart = needle.baseAddress else {
                    return String(decoding: haystack, as: UTF8.self)
                }
                var result: [UInt8] = []
                var copiedUpTo = 0
                var index = 0
                while index <= haystack.count - needle.count {
                    if haystack[index] == first && memcmp(haystackStart + index, needleStart, needle.count) == 0 {
                        result.append(contentsOf: haystack[copiedUpTo..<index])
                        result.append(contentsOf: new.utf8)
                        index += needle.count
                        copiedUpTo = index
                    } else {
                        index += 1
                    }
                }
                if copiedUpTo == 0 { return String(decoding: haystack, as: UTF8.self) }
                result.append(contentsOf: haystack[copiedUpTo...])
                return String(decoding: result, as: UTF8.self)
            }
        }
    }

    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    static func isValidHost(_ host: String) -> Bool {
        !host.isEmpty && host.unicodeScalars.allSatisfy { scalar in
            Lexer.isIdentifierContinue(scalar) || scalar == "." || scalar == "-" || scalar == ":"
        }
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, Lexer.isIdentifierStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(Lexer.isIdentifierContinue)
    }
}
