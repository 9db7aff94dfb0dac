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

    func shares(_ accounts: [Account]) -> [InFlightLimit.AccountShare] {
        accounts.map { InFlightLimit.AccountShare(limit: $0.pacing, concurrency: $0.concurrency) }
    }

    @Test("each account adds min(concurrency, burst + rate × latency × 1.5 + 1); the fleet stays between 16 and the ceiling")
    func sizedFromTheAccounts() {
        let paced = shares((0..<40).map { account("a\($0)", rate: RateLimit(requests: 5, per: .second), concurrency: 8) })
        // 5/s: burst 4; at 1 s, 4 + 8 + 1 = 13, capped by concurrency 8; at 150 ms, 4 + 2 + 1 = 7.
        #expect(InFlightLimit.size(paced, latency: 1, ceiling: 1024) == 40 * 8)
        #expect(InFlightLimit.size(paced, latency: 0.15, ceiling: 1024) == 40 * 7)
        let slow = shares((0..<3).map { account("s\($0)", rate: RateLimit(requests: 20, per: .minute), concurrency: 4) })
        #expect(InFlightLimit.size(slow, latency: 1, ceiling: 1024) == 16, "3 × 3 is raised to the floor")
        #expect(InFlightLimit.size(slow, latency: 1, ceiling: 4) == 4, "the floor never passes the ceiling")
        let unlimited = shares((0..<200).map { account("u\($0)", rate: nil, concurrency: 8) })
        #expect(InFlightLimit.size(unlimited, latency: 0.1, ceiling: 1024) == 1024, "1,600 is capped")
    }

    @Test("the limit follows the latency the answers show")
    func followsObservedLatency() async {
        // 100 accounts at 20/s, concurrency 64: burst 16; at 1 s 16 + 30 + 1 = 47 each.
        let accounts = shares((0..<100).map { account("l\($0)", rate: RateLimit(requests: 20, per: .second), concurrency: 64) })
        let limit = InFlightLimit(accounts: accounts, ceiling: 100_000)
        #expect(await limit.limit == 100 * 47)
        await limit.acquire()
        await limit.release(latency: .milliseconds(100))  // 16 + 3 + 1 = 20 each
        #expect(await limit.limit == 100 * 20)
        for _ in 0..<400 {
            await limit.acquire()
            await limit.release(latency: .seconds(2))
        }
        // The average is close to 2 s by now: 16 + 60 + 1 = 77 each, capped by concurrency 64.
        #expect(await limit.limit == 100 * 64)
        #expect(await limit.peak == 1)
    }

    @Test("waiters are admitted when room frees, first come first served")
    func waitersAdmittedInOrder() async {
        let limit = InFlightLimit(fixed: 1)
        await limit.acquire()
        let order = Locked<[Int]>([])
        let first = Task { await limit.acquire(); order.withLock { $0.append(1) }; await limit.release() }
        while await limit.waiting == 0 { await Task.yield() }
        let second = Task { await limit.acquire(); order.withLock { $0.append(2) }; await limit.release() }
        while await limit.waiting < 2 { await Task.yield() }
        await limit.release()
        await first.value
        await second.value
        #expect(order.withLock { $0 } == [1, 2])
    }
}
