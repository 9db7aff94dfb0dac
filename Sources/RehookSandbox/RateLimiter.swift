import RehookModel

/// A token bucket per vendor and account: `rate` tokens a second, holding at most
/// `max(1, rate)`, one token per request. A request that finds no token is refused with the
/// whole seconds until one will be there (the `Retry-After` value).
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    private let limits: [VendorID: Double]
    private let clock: SandboxClock
    private var buckets: [String: Bucket] = [:]

    init(limits: [VendorID: Double], clock: SandboxClock) {
        self.limits = limits.filter { $0.value > 0 }
        self.clock = clock
    }

    /// The limiter's clock now: read when a request arrives, before any added latency.
    nonisolated func now() -> Double { clock.now() }

    /// `nil` when a request that arrived at `arrival` (`now()`) may go ahead, else the seconds
    /// to wait (at least 1). Counting at arrival, as a vendor's edge does, keeps the sandbox's
    /// own scheduling delays (a busy machine) from bunching requests that arrived spread out.
    func admit(_ vendor: VendorID, account: String, arrivedAt arrival: Double? = nil) -> Int? {
        guard let rate = limits[vendor] else { return nil }
        let capacity = max(1, rate)
        let now = arrival ?? clock.now()
        let key = "\(vendor)/\(account)"
        var bucket = buckets[key] ?? Bucket(tokens: capacity, updatedAt: now)
        bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updatedAt) * rate)
        bucket.updatedAt = max(bucket.updatedAt, now)
        defer { buckets[key] = bucket }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        let wait = (1 - bucket.tokens) / rate
        return max(1, Int(wait.rounded(.up)))
    }
}
