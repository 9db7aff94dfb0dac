import Foundation

/// One way a value breaks what a vendor documents for a field. `ValueRules` finds them; the
/// checker (a value written in the script) and the planner (a value computed per webhook) each
/// word them for their own diagnostics.
public enum ValueViolation: Sendable, Hashable {
    /// An integer outside the field's documented range.
    case outOfRange(ClosedRange<Int>, found: Int)
    /// A string that is not one of the field's documented values.
    case notAllowed(String, allowed: [String])
    /// Not an http(s) URL with a host.
    case invalidURL(String)
    /// An http URL where the vendor requires https.
    case notHTTPS(String)
    /// A URL whose host is not public (loopback, private, link-local, internal-only) where the
    /// vendor requires a public one; `reason` names the kind, e.g. "a private address (10.0.0.0/8)".
    case notPublic(String, reason: String)
    /// "All events" where the vendor has no such setting.
    case allEventsUnsupported
    /// Fewer events than the vendor requires.
    case tooFewEvents(minimum: Int, found: Int)
    /// A header that is not "Name: value" with an HTTP field name (an RFC 9110 token) as its name.
    case malformedHeader(String)
    /// A string longer than the field's maximum, in characters.
    case tooLong(maximum: Int, length: Int)
}

/// The value rules of the field catalogue (`VendorSchema`): what values a field may take. The
/// one place they are written; the checker applies them to constants at check time and the
/// planner to computed values at plan time, so the two cannot give different verdicts.
public enum ValueRules {
    /// Every way `value` breaks what `vendor` documents for `spec` (type-specific rules first,
    /// then length); empty when acceptable. A value of another type than the field's has no
    /// violations here (type errors are the caller's). Event names are judged against a
    /// catalogue by `unknownEvents(_:catalogue:)`.
    public static func violations(of value: FieldValue, for spec: FieldSpec, at vendor: VendorID) -> [ValueViolation] {
        var violations: [ValueViolation] = []
        switch (spec.type, value) {
        case (.int, .int(let number)):
            if let range = spec.range, !range.contains(number) { violations.append(.outOfRange(range, found: number)) }
        case (.enumeration(let allowed), .string(let text)) where !allowed.contains(text):
            violations.append(.notAllowed(text, allowed: allowed))
        case (.url, .string(let text)):
            if let violation = urlViolation(text, requiresHTTPS: spec.requiresHTTPS) {
                violations.append(violation)
            } else if spec.requiresPublicHost, let reason = DeliveryURL(text)?.host.nonPublicReason {
                violations.append(.notPublic(text, reason: reason))
            }
        case (.events, .events(.all)):
            if !VendorSchema.of(vendor).supportsAllEvents { violations.append(.allEventsUnsupported) }
        case (.events, .events(.list(let names))):
            if let minimum = spec.minCount, names.count < minimum {
                violations.append(.tooFewEvents(minimum: minimum, found: names.count))
            }
        case (.stringList, .strings(let items)) where spec.name == .headers:
            violations += items.filter { !isHeader($0) }.map(ValueViolation.malformedHeader)
        default:
            break
        }
        if let maximum = spec.maxLength, case .string(let text) = value, text.count > maximum {
            violations.append(.tooLong(maximum: maximum, length: text.count))
        }
        return violations
    }

    /// The names in `names` that `catalogue` does not hold, in order (event names are
    /// case-sensitive: vendors match them exactly).
    public static func unknownEvents(_ names: [String], catalogue: Set<String>) -> [String] {
        names.filter { !catalogue.contains($0) }
    }

    /// The event names `vendor` documents once for all accounts (Argil's closed set); `nil`
    /// where each account's catalogue is read live.
    public static func closedEventCatalogue(of vendor: VendorID) -> [String]? {
        guard case .closed(let names) = VendorSchema.of(vendor).eventCatalogue else { return nil }
        return names
    }

    /// An http(s) URL with a host, and https where the vendor requires it.
    static func urlViolation(_ text: String, requiresHTTPS: Bool) -> ValueViolation? {
        guard let scheme = simpleURLScheme(text) else { return componentsURLViolation(text, requiresHTTPS: requiresHTTPS) }
        return requiresHTTPS && scheme != "https" ? .notHTTPS(text) : nil
    }

    /// `urlViolation(_:requiresHTTPS:)` as `URLComponents` reads the URL.
    static func componentsURLViolation(_ text: String, requiresHTTPS: Bool) -> ValueViolation? {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
            return .invalidURL(text)
        }
        return requiresHTTPS && scheme != "https" ? .notHTTPS(text) : nil
    }

    /// `http` or `https` for a URL that `URLComponents` certainly reads with that scheme and a
    /// host: `http://` or `https://`, dot-separated labels of ASCII letters, digits and inner
    /// hyphens, then only ASCII letters, digits and `/-._~=&?` (a path and a query). Nil for
    /// anything else, which goes to `URLComponents`: parsing every computed URL with it was
    /// ~2.5 % of a plan's CPU. `ValueRulesURLFastPathTests` checks the two agree.
    static func simpleURLScheme(_ text: String) -> String? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let scheme: String
            if bytes.starts(with: "https://".utf8) { scheme = "https" } else if bytes.starts(with: "http://".utf8) { scheme = "http" } else {
                return nil
            }
            func isLetterOrDigit(_ byte: UInt8) -> Bool {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
            var index = scheme.utf8.count + 3
            var labelStart = index
            var labelHasLetter = false // a last label of digits only may be read as an IPv4 address
            while index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?") {
                let byte = bytes[index]
                if byte == UInt8(ascii: ".") {
                    guard index > labelStart, bytes[index - 1] != UInt8(ascii: "-") else { return nil }
                    labelStart = index + 1
                    labelHasLetter = false
                } else if byte == UInt8(ascii: "-") {
                    guard index > labelStart else { return nil }
                } else if !isLetterOrDigit(byte) {
                    return nil
                } else if byte > UInt8(ascii: "9") {
                    labelHasLetter = true
                }
                index += 1
            }
            guard index > labelStart, labelHasLetter, bytes[index - 1] != UInt8(ascii: "-") else { return nil }
            let allowed = "/-._~=&?".utf8
            guard bytes[index...].allSatisfy({ isLetterOrDigit($0) || allowed.contains($0) }) else { return nil }
            return scheme
        } ?? nil
    }

    /// "Name: value" whose name is an HTTP field name: an RFC 9110 token, one or more of the
    /// ASCII letters, digits and ``!#$%&'*+-.^_`|~``. Non-ASCII letters are not allowed.
    public static func isHeader(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let name = text[..<colon]
        return !name.isEmpty && name.unicodeScalars.allSatisfy(isTokenCharacter)
    }

    /// RFC 9110 `tchar`.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }
    }
}
