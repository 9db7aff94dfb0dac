import RehookModel

/// What happened to one account's requests.
public struct SandboxCounters: Sendable, Hashable, Codable {
    /// Authenticated API requests (every outcome).
    public var requests = 0
    /// Updates applied.
    public var writes = 0
    /// Updates refused by validation or for an unknown webhook.
    public var rejected = 0
    /// Requests answered with the vendor's rate-limit response.
    public var rateLimited = 0
    /// Requests answered with an injected 5xx.
    public var serverErrors = 0
    /// Connections closed without a response.
    public var dropped = 0
    /// Responses delayed by the slow-response fault.
    public var slowed = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case requests, writes, rejected, rateLimited = "rate_limited", serverErrors = "server_errors"
        case dropped, slowed
    }

    static func + (a: SandboxCounters, b: SandboxCounters) -> SandboxCounters {
        var sum = SandboxCounters()
        sum.requests = a.requests + b.requests
        sum.writes = a.writes + b.writes
        sum.rejected = a.rejected + b.rejected
        sum.rateLimited = a.rateLimited + b.rateLimited
        sum.serverErrors = a.serverErrors + b.serverErrors
        sum.dropped = a.dropped + b.dropped
        sum.slowed = a.slowed + b.slowed
        return sum
    }
}

/// One vendor's counters, per account.
public struct SandboxVendorStats: Sendable, Hashable, Codable {
    /// By account name.
    public var accounts: [String: SandboxCounters] = [:]
    /// Requests with a missing or unknown key.
    public var unauthorized = 0

    public init() {}

    /// The sum over accounts.
    public var totals: SandboxCounters { accounts.values.reduce(SandboxCounters(), +) }

    private enum CodingKeys: String, CodingKey { case accounts, unauthorized, totals }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accounts = try container.decodeIfPresent([String: SandboxCounters].self, forKey: .accounts) ?? [:]
        unauthorized = try container.decodeIfPresent(Int.self, forKey: .unauthorized) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accounts, forKey: .accounts)
        try container.encode(unauthorized, forKey: .unauthorized)
        try container.encode(totals, forKey: .totals)
    }
}

/// Request counts per vendor and account (`GET /_sandbox/stats`).
public struct SandboxStats: Sendable, Hashable, Codable {
    /// By vendor raw name (`argil`, `jogg`, ...).
    public var vendors: [String: SandboxVendorStats] = [:]
    /// Most vendor requests being served at the same moment (added latency included).
    public var peakInFlight = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case vendors, peakInFlight = "peak_in_flight"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vendors = try container.decodeIfPresent([String: SandboxVendorStats].self, forKey: .vendors) ?? [:]
        peakInFlight = try container.decodeIfPresent(Int.self, forKey: .peakInFlight) ?? 0
    }

    /// One vendor's counters (empty when it saw no request).
    public subscript(vendor: VendorID) -> SandboxVendorStats {
        get { vendors[vendor.rawValue] ?? SandboxVendorStats() }
        set { vendors[vendor.rawValue] = newValue }
    }

    /// One account's counters (zero when it saw no request).
    public func counters(_ vendor: VendorID, _ account: String) -> SandboxCounters {
        self[vendor].accounts[account] ?? SandboxCounters()
    }

    /// A table with one line per vendor and account, for the end of `rehook sandbox`.
    public var summary: String {
        let header = ["vendor", "account", "requests", "writes", "rejected", "429s", "5xx", "dropped", "slowed"]
        var rows: [[String]] = []
        for vendor in VendorID.allCases {
            let stats = self[vendor]
            for (name, counters) in stats.accounts.sorted(by: { $0.key < $1.key }) {
                rows.append([vendor.rawValue, name] + Self.columns(counters))
            }
            if stats.unauthorized > 0 {
                rows.append([vendor.rawValue, "(bad key)", String(stats.unauthorized), "", "", "", "", "", ""])
            }
        }
        guard !rows.isEmpty else { return "The sandbox served no vendor requests." }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func columns(_ c: SandboxCounters) -> [String] {
        [c.requests, c.writes, c.rejected, c.rateLimited, c.serverErrors, c.dropped, c.slowed].map(String.init)
    }
}

/// Collects the counters while the server runs.
actor SandboxStatsRecorder {
    private var stats = SandboxStats()
    private var log: [SandboxRequestRecord] = []
    private nonisolated let started = ContinuousClock.now

    private var inFlight = 0

    func snapshot() -> SandboxStats { stats }

    /// A vendor request began (`ended()` when it is answered or dropped); returns the requests
    /// in flight, this one included.
    @discardableResult
    func began() -> Int {
        inFlight += 1
        stats.peakInFlight = max(stats.peakInFlight, inFlight)
        return inFlight
    }

    func ended() { inFlight -= 1 }

    /// Every authenticated request, in arrival order (at most `SandboxRequestRecord.limit`).
    func requests() -> [SandboxRequestRecord] { log }

    /// Seconds since the sandbox started (the request log's clock).
    nonisolated func elapsed() -> Double {
        let parts = started.duration(to: .now).components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Logs a request that arrived at `time` (`elapsed()`, before the added latency).
    func logRequest(_ vendor: VendorID, _ account: String, method: String, path: String, arrived time: Double,
                    inFlight: Int, rateLimited: Bool, userAgent: String? = nil) {
        guard log.count < SandboxRequestRecord.limit else { return }
        log.append(SandboxRequestRecord(time: time, vendor: vendor.rawValue, account: account, method: method,
                                        path: path, inFlight: inFlight, rateLimited: rateLimited, userAgent: userAgent))
    }

    func recordUnauthorized(_ vendor: VendorID) {
        stats[vendor].unauthorized += 1
    }

    func record(_ vendor: VendorID, _ account: String, _ change: @Sendable (inout SandboxCounters) -> Void) {
        change(&stats[vendor].accounts[account, default: SandboxCounters()])
    }
}

/// One request in the sandbox's log (`GET /_sandbox/requests`): when it arrived, in seconds
/// since the sandbox started (before the added latency), and whether it was refused with a 429.
public struct SandboxRequestRecord: Sendable, Hashable, Codable {
    /// Most requests kept; later ones are not logged.
    public static let limit = 500_000

    public var time: Double
    public var vendor: String
    public var account: String
    public var method: String
    public var path: String
    /// Requests in flight at the sandbox when this one arrived, itself included.
    public var inFlight: Int
    public var rateLimited: Bool
    /// The request's `User-Agent` header, if it had one.
    public var userAgent: String?

    private enum CodingKeys: String, CodingKey {
        case time, vendor, account, method, path, inFlight = "in_flight", rateLimited = "rate_limited"
        case userAgent = "user_agent"
    }
}
