import Foundation
import Testing
@testable import RehookModel

/// `JSONStringEscape.appendQuoted` copies the runs between escaped bytes whole: it must write
/// exactly what `JSONEncoder` writes for a string (both slash options), and, in the request
/// bodies' style, what the byte-by-byte writer it replaced wrote.
@Suite struct JSONStringWriteTests {
    /// Edge cases (empty, escapes first, last and side by side, every ASCII byte, non-ASCII) and
    /// seeded random strings over an alphabet heavy in bytes to escape.
    static let corpus: [String] = {
        var texts = ["", "a", "abc", "wh_0001", "https://hooks.bench.dev/jogg/acme/wh_0001?x=1&y=%2F#f", "/", "//", "\"", "\\",
                     "\"quoted\"", "back\\slash", "a/b/c/", "/leading", "trailing/", "\u{0}", "\u{8}\u{c}", "tab\tnl\ncr\r",
                     "\u{1b}[0m", "\u{7f}", "é", "ünïcødé 😀", "例え.jp/päth", "\u{2028}\u{2029}", "mixed/\"é\"\\\n😀/",
                     String(repeating: "x", count: 300) + "/" + String(repeating: "y", count: 300)]
        texts += (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        let alphabet: [Character] = ["a", "Z", "0", "/", "\"", "\\", "\n", "\t", "\u{0}", "\u{8}", "\u{c}", "\u{1f}", "é", "😀", " ", ":"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 59) * 3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 60)])
            }
            texts.append(text)
        }
        return texts
    }()

    private static func written(_ text: String, _ style: JSONStringEscape.Style) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")] // something before, as in a document
        JSONStringEscape.appendQuoted(text, to: &bytes, style: style)
        return Array(bytes.dropFirst())
    }

    @Test func escapesAsJSONEncoderDoes() throws {
        for escapesSlashes in [true, false] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = escapesSlashes ? [] : [.withoutEscapingSlashes]
            for text in Self.corpus {
                let expected = try encoder.encode(text)
                #expect(Self.written(text, JSONStringEscape.Style(escapesSlashes: escapesSlashes)) == Array(expected),
                        "\(text.debugDescription), escapesSlashes \(escapesSlashes)")
            }
        }
    }

    /// The request bodies' writer before it shared this one: byte by byte, `\b` and `\f` as
    /// `\u00xx`, `/` as it is.
    private static func byteByByte(_ text: String) -> [UInt8] {
        let backslash = UInt8(ascii: "\\")
        var bytes = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [backslash, UInt8(ascii: "\"")]
            case backslash: bytes += [backslash, backslash]
            case 0x0A: bytes += [backslash, UInt8(ascii: "n")]
            case 0x0D: bytes += [backslash, UInt8(ascii: "r")]
            case 0x09: bytes += [backslash, UInt8(ascii: "t")]
            case 0..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }

    @Test func requestStyleIsTheByteByByteWritersOutput() throws {
        let style = JSONStringEscape.Style(escapesSlashes: false, namesBackspaceAndFormFeed: false)
        for text in Self.corpus {
            let bytes = Self.written(text, style)
            #expect(bytes == Self.byteByByte(text), "\(text.debugDescription)")
            #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == text)
        }
    }

    @Test func fingerprintDigitsArePaddedLowercaseHex() {
        var values: [UInt64] = [0, 1, 0xF, 0x10, 0xABC, 0xFFFF_FFFF, 0x0123_4567_89AB_CDEF, .max, .max - 1, 1 << 63]
        var state: UInt64 = 42
        for _ in 0..<200 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(state >> (state % 64))
        }
        for value in values {
            let hex = String(value, radix: 16)
            #expect(StableDigest.hexDigits(of: value) == String(repeating: "0", count: 16 - hex.count) + hex)
        }
    }
}
