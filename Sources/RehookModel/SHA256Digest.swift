import Crypto

/// SHA-256 as lowercase hex (swift-crypto): the plan digest a reviewer approves and the short
/// digests that stand in for URL credentials.
public enum SHA256Digest {
    /// The 64 hex digits of the SHA-256 of `bytes`.
    public static func hex(of bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return text
    }

    /// The 64 hex digits of the SHA-256 of `text`'s UTF-8 bytes.
    public static func hex(of text: String) -> String { hex(of: Array(text.utf8)) }

    private static let hexDigits = Array("0123456789abcdef")
}
