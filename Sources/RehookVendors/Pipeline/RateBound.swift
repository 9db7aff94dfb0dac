import RehookModel

extension PacingLimit {
    /// Seconds `requests` requests (`writes` of them writes) need at this pace when they start
    /// on full buckets: when the last may leave (`RateSchedule.lastSlot`, the arithmetic the
    /// pacer itself uses), the write budget likewise.
    public func minimumSeconds(requests: Int, writes: Int) -> Double {
        var seconds = Self.seconds(requests, at: requestsPerSecond)
        if let writesPerSecond { seconds = max(seconds, Self.seconds(writes, at: writesPerSecond)) }
        return seconds
    }

    /// The budget that bounds `requests` requests (`writes` of them writes): `5 requests/s`,
    /// `20 writes/min`.
    public func bindingBudget(requests: Int, writes: Int) -> String {
        if let writesPerSecond, Self.seconds(writes, at: writesPerSecond) > Self.seconds(requests, at: requestsPerSecond) {
            return Self.describe(writesPerSecond, "writes")
        }
        return Self.describe(requestsPerSecond, "requests")
    }

    private static func seconds(_ count: Int, at rate: Double) -> Double {
        RateSchedule(requestsPerSecond: rate).lastSlot(ofRequests: count).seconds
    }

    private static func describe(_ rate: Double, _ what: String) -> String {
        if rate >= 10_000 { return "unlimited \(what)" }
        let (count, unit) = rate >= 1 ? (rate, "s") : (rate * 60, "min")
        let number = count == count.rounded() ? String(Int(count)) : String((count * 10).rounded() / 10)
        return "\(number) \(number == "1" ? String(what.dropLast()) : what)/\(unit)"
    }
}

/// What the accounts' rates allow for a body of work: the owner of duration estimates (the
/// plan's "how long it will take", the apply summary's bound next to the time achieved).
public enum RateBound {
    /// The requests one account makes, or will make.
    public struct AccountWork: Sendable, Hashable {
        public var vendor: VendorID
        public var account: String
        public var limit: PacingLimit
        public var requests: Int
        public var writes: Int

        public init(vendor: VendorID, account: String, limit: PacingLimit, requests: Int, writes: Int) {
            self.vendor = vendor
            self.account = account
            self.limit = limit
            self.requests = requests
            self.writes = writes
        }
    }

    /// Per vendor, its slowest account; in total, the slowest vendor. Accounts with no request
    /// are left out.
    public static func estimate(_ work: [AccountWork]) -> PlanEstimate {
        let byVendor = Dictionary(grouping: work.filter { $0.requests > 0 }, by: \.vendor)
        return PlanEstimate(vendors: byVendor.compactMap { vendor, accounts in
            let timed = accounts.map { ($0, $0.limit.minimumSeconds(requests: $0.requests, writes: $0.writes)) }
            guard let (slowest, seconds) = timed.max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.account > $1.0.account })
            else { return nil }
            return VendorEstimate(vendor: vendor, seconds: (seconds * 10).rounded() / 10,
                                  requests: accounts.reduce(0) { $0 + $1.requests },
                                  limit: slowest.limit.bindingBudget(requests: slowest.requests, writes: slowest.writes))
        })
    }
}
