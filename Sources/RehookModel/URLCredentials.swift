/// The one owner of URL credentials in displayed text. A delivery URL may carry a secret — a
/// password in its user info (`https://user:pass@host/`) or a query parameter whose name looks
/// like a credential (`?token=…`, `&X-Amz-Signature=…`). Every displayed output (plans in every
/// format, `--json` events, errors, journal messages) shows such a value as a short digest,
/// `sha256:1a2b3c4d`, so a reviewer still sees that it changed but never the value. Files that
/// must replay the value (a saved plan, a run's plan.json and rollback.json) keep it.
public enum URLCredentials {
    /// Query parameter names (lowercased words, split at `_`, `-`, `.` and case changes) that
    /// hold credentials.
    static let credentialWords: Set<String> = [
        "token", "key", "secret", "sig", "signature", "auth", "password", "passwd", "pwd", "pass", "code",
        "credential", "credentials", "session", "sid", "jwt", "hmac", "bearer", "apikey", "otp", "nonce",
    ]
    /// Fragments that mark a credential wherever they sit in a name (`accesstoken`, `clientsecret`).
    static let credentialFragments = ["token", "secret", "passw", "signature", "apikey", "credential", "auth"]

    /// Whether a query parameter called `name` holds a credential.
    public static func isCredentialName(_ name: String) -> Bool {
        let ascii = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? isASCIICredentialName(bytes) : nil
        }
        return (ascii ?? nil) ?? isCredentialNameByWords(name)
    }

    /// `isCredentialName(_:)` for any name, `Character` by `Character`.
    static func isCredentialNameByWords(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if credentialFragments.contains(where: lowered.contains) { return true }
        return words(of: name).contains(where: credentialWords.contains)
    }

    /// `sha256:` and the first 8 hex digits of the value's SHA-256.
    public static func shortDigest(_ value: Substring) -> String {
        "sha256:" + SHA256Digest.hex(of: Array(value.utf8)).prefix(8)
    }

    /// Whether `url` carries a credential `masked(_:)` would hide.
    public static func containsCredential(_ url: String) -> Bool { masked(url) != url }

    /// `url` with its user-info password and credential query values replaced by short digests.
    public static func masked(_ url: String) -> String {
        // The review asks this of every change's new URL, and the general walk below was a
        // tenth of an apply's CPU: most URLs are answered from their bytes.
        mayCarryCredential(url) ? maskedByWalk(url) : url
    }

    /// `masked(_:)` for any URL, `Character` by `Character`.
    static func maskedByWalk(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = url[authorityStart...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        var result = String(url[..<authorityStart])
        let authority = url[authorityStart..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":"),
           authority.index(after: colon) < at {
            result += authority[...colon] + shortDigest(authority[authority.index(after: colon)..<at]) + authority[at...]
        } else {
            result += authority
        }
        return result + maskingQuery(String(url[authorityEnd...]))
    }

    /// A path or URL (`/v1/webhooks?api_key=abc&page=2`) with the values of its credential
    /// query parameters replaced by short digests; for request logs, which show paths.
    public static func maskingQuery(_ target: String) -> String {
        guard let question = target.firstIndex(of: "?") else { return target }
        let fragmentStart = target[question...].firstIndex(of: "#") ?? target.endIndex
        let parameters = target[target.index(after: question)..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false)
        let masked = parameters.map { parameter -> String in
            guard let equals = parameter.firstIndex(of: "="), isCredentialName(String(parameter[..<equals])),
                  parameter.index(after: equals) < parameter.endIndex else { return String(parameter) }
            return String(parameter[...equals]) + shortDigest(parameter[parameter.index(after: equals)...])
        }
        return target[...question] + masked.joined(separator: "&") + target[fragmentStart...]
    }

    /// `text` with every URL in it (`scheme://` up to whitespace, a quote, `<`, `>` or a
    /// backtick, without trailing punctuation) masked: for messages, findings and rendered plans.
    ///
    /// One pass over the UTF-8 bytes: a rendered plan of 10,000 changes is megabytes of text
    /// with a URL per line, and searching the rest of the text as a `Substring` for each URL
    /// copied it every time (148 s for that plan).
    /// A text whose URLs carry no credential is returned as it is, uncopied (a URL is made a
    /// `String` only when it may carry one).
    public static func masking(in text: String) -> String {
        var text = text
        let masked = text.withUTF8 { bytes -> String? in
            var result: [UInt8] = []
            var copied = 0, previousEnd = 0
            var separator = nextSeparator(in: bytes, from: 0)
            while let colon = separator {
                var start = colon
                while start > previousEnd, isSchemeByte(bytes[start - 1]) { start -= 1 }
                var end = colon + 3
                while end < bytes.count, !endsURL(bytes[end]) { end += 1 }
                end = trimmingTrailingPunctuation(bytes, from: start, to: end, after: colon + 3)
                let url = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if mayCarryCredential(url) {
                    if result.isEmpty { result.reserveCapacity(bytes.count + 64) }
                    result.append(contentsOf: bytes[copied..<start])
                    result.append(contentsOf: maskedByWalk(String(decoding: url, as: UTF8.self)).utf8)
                    copied = end
                }
                previousEnd = end
                separator = nextSeparator(in: bytes, from: end)
            }
            guard copied > 0 else { return nil }
            result.append(contentsOf: bytes[copied...])
            return String(decoding: result, as: UTF8.self)
        }
        return masked ?? text
    }

    /// The index of the next `://` at or after `index`.
    private static func nextSeparator(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int? {
        var index = index
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                return index
            }
            index += 1
        }
        return nil
    }

    /// A byte of a URL scheme: ASCII letters, digits, `+`, `-`, `.`.
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): true
        default: false
        }
    }

    /// Whitespace, a quote, `<`, `>` or a backtick: where a URL in text ends.
    private static func endsURL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C,
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"): true
        default: false
        }
    }

    /// `end` moved back over punctuation that closes a sentence or a parenthesis: the text's,
    /// not the URL's (a `)` stays when the URL opened one).
    private static func trimmingTrailingPunctuation(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                                    after minimum: Int) -> Int {
        var end = end
        while end > minimum {
            let last = bytes[end - 1]
            guard ".,;:!?)".utf8.contains(last) else { break }
            if last == UInt8(ascii: ")") {
                let opened = bytes[start..<end].count { $0 == UInt8(ascii: "(") }
                let closed = bytes[start..<end].count { $0 == UInt8(ascii: ")") }
                if opened >= closed { break }
            }
            end -= 1
        }
        return end
    }

    /// `accessToken`, `access_token`, `X-Amz-Signature` → their lowercased words.
    private static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, let last = current.last, last.isLowercase {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }
}
