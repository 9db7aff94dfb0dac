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
        let rest = url[authorityEnd...]
        guard let question = rest.firstIndex(of: "?") else { return result + rest }
        let fragmentStart = rest[question...].firstIndex(of: "#") ?? rest.endIndex
        result += rest[..<rest.index(after: question)]
        let parameters = rest[rest.index(after: question)..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false)
        result += parameters.map { parameter -> String in
            guard let equals = parameter.firstIndex(of: "="), isCredentialName(String(parameter[..<equals])),
                  parameter.index(after: equals) < parameter.endIndex else { return String(parameter) }
            return String(parameter[...equals]) + shortDigest(parameter[parameter.index(after: equals)...])
        }.joined(separator: "&")
        return result + rest[fragmentStart...]
    }

    /// `text` with every URL in it (`scheme://` up to whitespace, a quote, `<`, `>` or a
    /// backtick, without trailing punctuation) masked: for messages, findings and rendered plans.
    public static func masking(in text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            let schemeStart = rest[..<separator.lowerBound].lastIndex { !($0.isLetter || $0.isNumber || "+-.".contains($0)) }
                .map(rest.index(after:)) ?? rest.startIndex
            var end = rest[separator.upperBound...].firstIndex { $0.isWhitespace || "\"'<>`".contains($0) } ?? rest.endIndex
            // Punctuation closing a sentence or a parenthesis is the text's, not the URL's.
            while end > separator.upperBound, let last = rest[..<end].last, ".,;:!?)".contains(last),
                  last != ")" || rest[schemeStart..<end].count(where: { $0 == "(" }) < rest[schemeStart..<end].count(where: { $0 == ")" }) {
                end = rest.index(before: end)
            }
            result += rest[..<schemeStart]
            result += masked(String(rest[schemeStart..<end]))
            rest = rest[end...]
        }
        return result + rest
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
