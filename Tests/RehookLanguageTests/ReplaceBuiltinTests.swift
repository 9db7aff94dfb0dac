import Foundation
import RehookTestSupport
import Testing
@testable import RehookLanguage

/// `replace` searches ASCII text byte by byte; it must agree with Foundation's
/// `replacingOccurrences`, which it replaced there (non-ASCII text still goes to Foundation).
@Suite struct ReplaceBuiltinTests {
    @Test(arguments: [
        ("https://old.acme.com/a/old.acme.com", "old.acme.com", "new.dev"),
        ("aaaa", "aa", "b"), ("aaa", "aa", "xaa"), ("abc", "abcd", "x"), ("abc", "abc", ""),
        ("abc", "c", "é😀"), ("", "a", "b"), ("/legacy//legacy/", "/legacy/", "/"), ("abc", "", "x"),
        ("café/é", "é", "e"), ("e\u{301}/x", "\u{e9}", "E"),
    ])
    func agreesWithFoundation(text: String, old: String, new: String) {
        let expected = old.isEmpty ? text : text.replacingOccurrences(of: old, with: new)
        #expect(Builtins.replacing(old, with: new, in: text) == expected)
    }

    @Test func randomASCIIAgreesWithFoundation() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("ab/.:")
        func random(_ length: Int) -> String {
            String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        for _ in 0..<2_000 {
            let text = random(Int(generator.next() % 12))
            let old = random(1 + Int(generator.next() % 3))
            let new = random(Int(generator.next() % 3))
            #expect(Builtins.replacing(old, with: new, in: text) == text.replacingOccurrences(of: old, with: new),
                    "replace(\(text), \(old), \(new))")
        }
    }
}
