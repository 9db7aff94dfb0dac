import RehookModel
import Testing
@testable import RehookVendors

/// Duration estimates use the pacer's own arithmetic and name the budget that binds.
@Suite struct RateBoundTests {
    @Test("requests beyond the burst, one interval each; a stricter write budget binds when slower")
    func minimumSeconds() {
        let fivePerSecond = PacingLimit(requestsPerSecond: 5)
        #expect(fivePerSecond.minimumSeconds(requests: 4, writes: 3) == 0, "within the burst of 4")
        #expect(abs(fivePerSecond.minimumSeconds(requests: 15, writes: 10) - 11 * 0.202) < 1e-9)
        let jogg = PacingLimit(requestsPerSecond: 100, writesPerSecond: 20.0 / 60)
        #expect(abs(jogg.minimumSeconds(requests: 21, writes: 20) - 19 * 3.03) < 1e-9, "20 writes at 20/min")
        #expect(jogg.bindingBudget(requests: 21, writes: 20) == "20 writes/min")
        #expect(fivePerSecond.bindingBudget(requests: 15, writes: 10) == "5 requests/s")
        #expect(PacingLimit(requestsPerSecond: 1).bindingBudget(requests: 3, writes: 2) == "1 request/s")
    }

    @Test("per vendor its slowest account, in total the slowest vendor, accounts without requests left out")
    func estimate() {
        let estimate = RateBound.estimate([
            .init(vendor: .heygen, account: "a", limit: PacingLimit(requestsPerSecond: 5), requests: 15, writes: 10),
            .init(vendor: .heygen, account: "b", limit: PacingLimit(requestsPerSecond: 5), requests: 5, writes: 4),
            .init(vendor: .argil, account: "c", limit: PacingLimit(requestsPerSecond: 2), requests: 3, writes: 2),
            .init(vendor: .jogg, account: "d", limit: PacingLimit(requestsPerSecond: 1), requests: 0, writes: 0),
        ])
        #expect(estimate.vendors.map(\.vendor) == [.argil, .heygen])
        #expect(estimate.vendors.map(\.seconds) == [1.0, 2.2])
        #expect(estimate.vendors.map(\.requests) == [3, 20])
        #expect(estimate.seconds == 2.2)
        #expect(estimate.headline == "≈ 2 s: HeyGen's 5 requests/s per key is the slowest")
        #expect(PlanEstimate.format(125) == "2 min 5 s")
        #expect(PlanEstimate.format(3_840) == "1 h 4 min")
    }
}
