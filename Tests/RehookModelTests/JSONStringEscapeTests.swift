import Testing
@testable import RehookModel

/// The escape decoder both byte readers share: what each escape decodes to, and where a bad one
/// leaves the index (the reader reports its line and column there).
@Suite struct JSONStringEscapeTests {
    /// Decodes the escape at the start of `text` (the part after a backslash).
    private func decode(_ text: String) -> (result: Result<[UInt8], JSONStringEscape.Failure>, index: Int) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var scratch: [UInt8] = []
            do throws(JSONStringEscape.Failure) {
                try JSONStringEscape.decode(buffer, at: &index, into: &scratch)
                return (.success(scratch), index)
            } catch {
                return (.failure(error), index)
            }
        }
    }

    @Test("each escape decodes to its bytes and the index moves past it",
          arguments: [("n", "\n", 1), ("\"rest", "\"", 1), ("/", "/", 1), ("t", "\t", 1), ("u00e9x", "é", 5),
                      ("uD83D\\uDE00", "😀", 11), ("u0041", "A", 5)])
    func decodes(escape: String, expected: String, end: Int) {
        let (result, index) = decode(escape)
        #expect(result == .success(Array(expected.utf8)))
        #expect(index == end)
    }

    @Test("a bad escape fails with its reason, the index where a reader reports it",
          arguments: [("", JSONStringEscape.Failure.truncated, 0), ("q", .invalidEscape, 0), ("u12", .truncatedUnicode, 3),
                      ("u12G4", .invalidHexDigit, 3), ("uD83Dxy", .missingLowSurrogate, 5),
                      // Fewer than two bytes left: perhaps a cut file, so the index marks the end.
                      ("uD83Dx", .missingLowSurrogate, 6), ("uD83D", .missingLowSurrogate, 5), ("uD83D\\u0041", .unpairedSurrogate, 11),
                      ("uDE00", .unpairedSurrogate, 5)])
    func fails(escape: String, failure: JSONStringEscape.Failure, at position: Int) {
        let (result, index) = decode(escape)
        #expect(result == .failure(failure))
        #expect(index == position)
    }
}
