/// `URLCredentials`' fast path: the questions its general walk answers `Character` by
/// `Character` (with Foundation's substring search for each query parameter's name), answered
/// from the UTF-8 bytes of an ASCII URL. Anything not ASCII is left to the general walk.
///
/// A plan's review asks of every new URL whether it carries a credential, and every printed
/// line of a plan passes through `masking(in:)`: for 72,000 changes whose URLs have a harmless
/// query (`?migrated=1`) the general walk was a quarter of `rehook plan`'s CPU.
/// `URLCredentialsFastPathTests` checks both paths agree.
extension URLCredentials {
    /// `false` only when `masked(url)` is certainly `url`: an ASCII URL whose authority has no
    /// password and whose query has no non-empty value under a credential name.
    static func mayCarryCredential(_ url: String) -> Bool {
        url.utf8.withContiguousStorageIfAvailable(mayCarryCredential) ?? true
    }

    /// `mayCarryCredential(_:)` for a URL's UTF-8 bytes.
    static func mayCarryCredential(_ url: UnsafeBufferPointer<UInt8>) -> Bool {
        // One pass first: most URLs have neither user info nor a query.
        var hasAtOrQuestion = false
        for byte in url {
            if byte >= 0x80 { return true }
            if byte == UInt8(ascii: "@") || byte == UInt8(ascii: "?") { hasAtOrQuestion = true }
        }
        guard hasAtOrQuestion else { return false }
        // The same landmarks as `masked(_:)`: the first `://`, the authority up to `/`, `?` or
        // `#`, the user info up to its last `@`, the query from the first `?` after the authority.
        guard let separator = firstIndex(of: schemeSeparator, in: url) else { return false }
        let authorityStart = separator + 3
        var authorityEnd = authorityStart
        while authorityEnd < url.count, !"/?#".utf8.contains(url[authorityEnd]) { authorityEnd += 1 }
        if let at = (authorityStart..<authorityEnd).last(where: { url[$0] == UInt8(ascii: "@") }),
           let colon = (authorityStart..<at).first(where: { url[$0] == UInt8(ascii: ":") }), colon + 1 < at {
            return true
        }
        guard let question = (authorityEnd..<url.count).first(where: { url[$0] == UInt8(ascii: "?") }) else { return false }
        let queryEnd = (question..<url.count).first { url[$0] == UInt8(ascii: "#") } ?? url.count
        var parameterStart = question + 1
        while parameterStart <= queryEnd {
            let parameterEnd = (parameterStart..<queryEnd).first { url[$0] == UInt8(ascii: "&") } ?? queryEnd
            if let equals = (parameterStart..<parameterEnd).first(where: { url[$0] == UInt8(ascii: "=") }),
               equals + 1 < parameterEnd,
               isASCIICredentialName(UnsafeBufferPointer(rebasing: url[parameterStart..<equals])) {
                return true
            }
            parameterStart = parameterEnd + 1
        }
        return false
    }

    /// `isCredentialName(_:)` for an ASCII name's bytes: a credential fragment anywhere in the
    /// lowercased name, or a credential word among its words (split at anything but letters and
    /// digits, and where an uppercase letter follows a lowercase one).
    static func isASCIICredentialName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let lowered = name.map { isASCIIUppercase($0) ? $0 | 0x20 : $0 }
        let found = lowered.withUnsafeBufferPointer { lowered in
            asciiCredentialFragments.contains { firstIndex(of: $0, in: lowered) != nil }
        }
        if found { return true }
        // `words(of:)`, a word being a range of `lowered`.
        func isCredentialWord(_ word: Range<Int>) -> Bool {
            credentialWords.contains(String(decoding: lowered[word], as: UTF8.self))
        }
        var wordStart: Int?
        for index in 0..<name.count {
            if !isASCIILetterOrDigit(name[index]) {
                if let start = wordStart, isCredentialWord(start..<index) { return true }
                wordStart = nil
            } else if let start = wordStart, isASCIIUppercase(name[index]), isASCIILowercase(name[index - 1]) {
                if isCredentialWord(start..<index) { return true }
                wordStart = index
            } else if wordStart == nil {
                wordStart = index
            }
        }
        return wordStart.map { isCredentialWord($0..<name.count) } ?? false
    }

    private static let schemeSeparator = Array("://".utf8)
    private static let asciiCredentialFragments = credentialFragments.map { Array($0.utf8) }

    /// The index of the first occurrence of `needle` in `bytes`.
    private static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first else { return nil }
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == first, needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) { return index }
            index += 1
        }
        return nil
    }

    private static func isASCIIUppercase(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    private static func isASCIILowercase(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        isASCIIUppercase(byte) || isASCIILowercase(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
