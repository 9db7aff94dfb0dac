/// How long applying a plan takes at the accounts' configured rates: per vendor (its slowest
/// account) and in total (vendors are applied side by side, so the slowest vendor's time).
/// A lower bound from the rates alone: answers' latency and retries come on top.
public struct PlanEstimate: Sendable, Codable, Hashable {
    /// Seconds for the whole plan.
    public var seconds: Double
    /// One entry per vendor with changes, in `VendorID` order.
    public var vendors: [VendorEstimate]

    public init(vendors: [VendorEstimate]) {
        self.vendors = vendors.sorted { $0.vendor < $1.vendor }
        self.seconds = vendors.map(\.seconds).max() ?? 0
    }

    /// The vendor that takes longest (the first in `VendorID` order on a tie).
    public var slowest: VendorEstimate? {
        vendors.max { lhs, rhs in lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.vendor > rhs.vendor }
    }

    /// `≈ 51 s: JoggAI's 20 writes/min per key is the slowest`, or `≈ 0 s` when nothing waits.
    public var headline: String {
        guard let slowest, slowest.seconds >= 0.5 else { return "≈ \(Self.format(seconds))" }
        return "≈ \(Self.format(seconds)): \(slowest.vendor.displayName)'s \(slowest.limit) per key is the slowest"
    }

    /// `≈ 3 s`, `≈ 2 min 5 s`, `≈ 1 h 4 min`.
    public static func format(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        switch whole {
        case ..<60: return "\(whole) s"
        case ..<3600: return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s"
        default: return "\(whole / 3600) h \(whole % 3600 / 60) min"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case seconds, vendors
    }
}

/// One vendor's part of a `PlanEstimate`.
public struct VendorEstimate: Sendable, Codable, Hashable {
    public var vendor: VendorID
    /// Seconds its slowest account needs.
    public var seconds: Double
    /// Requests the apply makes to this vendor (listings and writes).
    public var requests: Int
    /// The budget that bounds the slowest account: `5 requests/s`, `20 writes/min`.
    public var limit: String

    public init(vendor: VendorID, seconds: Double, requests: Int, limit: String) {
        self.vendor = vendor
        self.seconds = seconds
        self.requests = requests
        self.limit = limit
    }
}
