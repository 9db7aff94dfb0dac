import Foundation
import RehookTestSupport
import Testing
@testable import RehookVendors

/// `VendorConnection.escape` percent-encodes path segments and query components by bytes; it
/// must agree with Foundation's `addingPercentEncoding` over the RFC 3986 unreserved set.
@Suite struct PercentEncodingTests {
    static func foundationEscape(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    @Test(arguments: ["", "wh_123456789", "3f2a-9c.x_y~z", "a b/c?d=e&f#g", "%41", "ünïcødé 😀", "\u{0}\n\t\u{7f}",
                      "quote\"back\\slash", "+;,:@!$'()*[]"])
    func agreesWithFoundation(_ text: String) {
        #expect(VendorConnection.escape(text) == Self.foundationEscape(text))
    }

    @Test func agreesWithFoundationOnRandomText() {
        var generator = SeededGenerator(seed: 20261123)
        let alphabet = Array("aZ09-._~ /?#%&=+é😀\u{0}\u{1f}\u{7f}\u{2028}")
        for _ in 0..<2_000 {
            let text = String((0..<Int(generator.next() % 12)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            #expect(VendorConnection.escape(text) == Self.foundationEscape(text), "\(text.debugDescription)")
        }
    }
}
