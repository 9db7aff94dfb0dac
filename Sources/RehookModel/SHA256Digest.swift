import Crypto

/// SHA-256 as lowercase hex (swift-crypto): the plan digest a reviewer approves and the short
/// digests that stand in for URL credentials.
public enum SHA256Digest {
    /// The 64 hex digits of the SHA-256 of `bytes`.
    public static func hex(of bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The 64 hex digits of the SHA-256 of `text`'s UTF-8 bytes.
    public static func hex(of text: String) -> String { hex(of: Array(text.utf8)) }

    /// The SHA-256 of bytes handed over in pieces (a large plan is digested as it is read).
    public struct Stream {
        private var hasher = SHA256()

        public init() {}

        public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

        /// The 64 hex digits of everything handed over.
        public func hex() -> String { SHA256Digest.hex(hasher.finalize()) }
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        HexDigits.lowercase(Array(digest))
    }
}
