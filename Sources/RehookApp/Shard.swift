import RehookModel

/// `--shard I/N`: one of N deterministic, disjoint slices of the accounts, so that a fleet too
/// large for one machine or one time window runs as N independent jobs (a CI matrix,
/// Kubernetes indexed Jobs). An account belongs to shard `digest(vendor/account) mod N + 1`:
/// the same on every machine and run, and independent of which other accounts exist.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based, `1...count`.
    public let index: Int
    public let count: Int

    /// Parses `I/N` with `1 ≤ I ≤ N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            throw CommandFailure("--shard \(text): expected I/N with 1 ≤ I ≤ N, e.g. 2/8", exitCode: ExitCodes.usage)
        }
        self.index = index
        self.count = count
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether the account belongs to this shard.
    public func contains(vendor: VendorID, account: String) -> Bool {
        Self.shard(of: vendor, account: account, count: count) == index
    }

    /// The 1-based shard an account falls in when the fleet is split `count` ways.
    public static func shard(of vendor: VendorID, account: String, count: Int) -> Int {
        let digest = UInt64(StableDigest.hex(of: "\(vendor.rawValue)/\(account)"), radix: 16) ?? 0
        return Int(digest % UInt64(max(count, 1))) + 1
    }

    public var description: String { "\(index)/\(count)" }
}
