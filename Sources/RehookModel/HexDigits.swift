/// Lowercase hexadecimal digits: the one place a nibble becomes a digit (fingerprints, plan
/// digests, `\u00XX` escapes in JSON).
public enum HexDigits {
    /// The ASCII digit of `nibble` (0–15): `0`–`9`, `a`–`f`.
    @inlinable
    public static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Two digits per byte of `bytes`, high nibble first.
    public static func lowercase<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { digits in
            var index = 0
            for byte in bytes {
                digits[index] = digit(byte >> 4)
                digits[index + 1] = digit(byte & 0xF)
                index += 2
            }
            return index
        }
    }
}
