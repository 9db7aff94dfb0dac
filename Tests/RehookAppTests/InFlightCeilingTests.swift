import Testing
import RehookModel
import RehookVendors
@testable import RehookApp

@Suite struct InFlightCeilingTests {
    func account(_ name: String, rate: RateLimit?, concurrency: Int) -> Account {
        var account = Account(name: name, vendor: .heygen)
        account.setRate(rate)
        account.concurrency = concurrency
        return account
    }

    @Test("each account adds min(concurrency, rate × 1 s + 1); the fleet stays between 16 and 256")
    func sizedFromTheAccounts() {
        let paced = (0..<40).map { account("a\($0)", rate: RateLimit(requests: 5, per: .second), concurrency: 8) }
        #expect(FleetOptions.inFlightCeiling(for: paced) == 40 * 6, "5/s allows 6 each, under concurrency 8")
        let slow = (0..<3).map { account("s\($0)", rate: RateLimit(requests: 20, per: .minute), concurrency: 4) }
        #expect(FleetOptions.inFlightCeiling(for: slow) == 16, "3 × 2 is raised to the old default")
        let unlimited = (0..<100).map { account("u\($0)", rate: nil, concurrency: 8) }
        #expect(FleetOptions.inFlightCeiling(for: unlimited) == 256, "800 is capped")
    }
}
