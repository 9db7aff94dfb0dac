/// A request budget: `requests` per `period`.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public enum Period: String, Sendable, Hashable {
        case second = "s", minute = "m"

        public var seconds: Double { self == .second ? 1 : 60 }
    }

    public var requests: Int
    public var period: Period

    public init(requests: Int, per period: Period) {
        self.requests = requests
        self.period = period
    }

    /// Parses `N/s` or `N/m` (N a positive integer); `nil` otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count > 0,
              let period = Period(rawValue: String(parts[1])) else { return nil }
        self.init(requests: count, per: period)
    }

    /// The budget as requests per second.
    public var requestsPerSecond: Double { Double(requests) / period.seconds }

    public var description: String { "\(requests)/\(period.rawValue)" }

    /// Where a vendor publishes nothing: a conservative 2 requests per second.
    public static let unpublished = RateLimit(requests: 2, per: .second)
}
