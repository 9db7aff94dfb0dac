import Foundation
import Testing
import RehookModel
import RehookTestSupport
@testable import RehookVendors

/// A vendor's token bucket of capacity `rate` (at least 1), refilled at `rate`: how many of
/// `arrivals` (seconds) it would refuse.
func refusedByVendorBucket(_ arrivals: [Double], rate: Double) -> Int {
    let capacity = max(1, rate)
    var tokens = capacity
    var last = 0.0
    var refused = 0
    for time in arrivals.sorted() {
        tokens = min(capacity, tokens + (time - last) * rate)
        last = time
        if tokens >= 1 { tokens -= 1 } else { refused += 1 }
    }
    return refused
}

@Suite("Rate schedule arithmetic (token bucket)")
struct RateScheduleTests {
    @Test("a burst of 80 % of one second's requests, then one per interval (1 % margin)")
    func burstThenSpaced() {
        var schedule = RateSchedule(requestsPerSecond: 5)
        #expect(schedule.burst == 4)
        let slots = (0..<8).map { _ in schedule.reserve(now: .zero) }
        #expect(Array(slots.prefix(4)) == [.zero, .zero, .zero, .zero])
        #expect(slots[4] == .milliseconds(202))
        #expect(slots[5] == .milliseconds(404))
        #expect(schedule.interval == .milliseconds(202))
        #expect(schedule.lastSlot(ofRequests: 6) == slots[5], "estimates use the same arithmetic")
    }

    @Test("requests reaching the vendor up to 0.19 s closer together than they left are accepted",
          arguments: [2.0, 5.0, 20.0, 100.0])
    func jitterWithinTheAllowanceIsAccepted(rate: Double) {
        var schedule = RateSchedule(requestsPerSecond: rate)
        var generator = SystemRandomNumberGenerator()
        // Each request is delayed on its way by 0–189 ms, independently: the worst case packs a
        // late request right behind an early one.
        let arrivals = (0..<300).map { _ in
            schedule.reserve(now: .zero).seconds + Double.random(in: 0..<0.189, using: &generator)
        }.sorted()
        #expect(refusedByVendorBucket(arrivals, rate: rate) == 0)
    }

    @Test("a vendor's token bucket of capacity = rate refuses none of the slots, from a cold start or mid-run",
          arguments: [1.0, 2.0, 4.0, 5.0, 20.0, 100.0, 20.0 / 60.0])
    func vendorBucketAcceptsEverySlot(rate: Double) {
        var schedule = RateSchedule(requestsPerSecond: rate)
        var slots: [Double] = []
        var now = Duration.zero
        for index in 0..<200 {
            if index == 100 { now = now + .seconds(3) } // an idle spell refills both buckets
            slots.append(schedule.reserve(now: now).seconds)
        }
        #expect(refusedByVendorBucket(slots, rate: rate) == 0)
        // And no window of any length w holds more than the vendor's burst plus rate × w.
        for (index, start) in slots.enumerated() {
            for end in slots[index...] where end - start <= 2 {
                let count = slots.filter { $0 >= start && $0 <= end }.count
                #expect(Double(count) <= max(1, rate) + rate * (end - start) + 1e-9)
            }
        }
    }

    @Test("the spare tokens' refill time is how late a request may reach the vendor",
          arguments: [(5.0, 200), (2.0, 500), (100.0, 200), (1.0, 0), (20.0 / 60.0, 0)])
    func arrivalAllowance(rate: Double, milliseconds: Int64) {
        #expect(RateSchedule(requestsPerSecond: rate).arrivalAllowance == .milliseconds(milliseconds))
    }

    @Test("the first answer anchors only what the spare tokens do not absorb; the vendor refuses nothing",
          arguments: [2.0, 5.0, 20.0], [0.05, 0.15, 0.3, 0.6, 1.2])
    func firstAnswerAnchorsBeyondTheAllowance(rate: Double, answeredAfter: Double) {
        var schedule = RateSchedule(requestsPerSecond: rate)
        let answer = Duration.seconds(fractional: answeredAfter)
        _ = schedule.reserve(now: .zero)
        let unanchored = schedule
        schedule.anchor(answeredAt: answer)
        if answer - schedule.arrivalAllowance + schedule.interval <= unanchored.theoreticalArrival {
            #expect(schedule == unanchored, "an answer within the allowance costs no wait")
        } else {
            #expect(schedule.theoreticalArrival == answer - schedule.arrivalAllowance + schedule.interval)
        }
        // The worst case the anchor is for: the first request reached the vendor only as it was
        // answered; the rest of its burst left with it and arrived at once, every later one on its slot.
        let burst = (1..<schedule.burst).map { _ in schedule.reserve(now: .zero).seconds }
        let later = (0..<40).map { _ in schedule.reserve(now: answer).seconds }
        #expect(refusedByVendorBucket([answeredAfter] + burst + later, rate: rate) == 0)
    }

    @Test("a request after an idle period is not delayed")
    func idleThenRequest() {
        var schedule = RateSchedule(requestsPerSecond: 1)
        #expect(schedule.reserve(now: .zero) == .zero)
        #expect(schedule.reserve(now: .zero) == .milliseconds(1010), "1 % spare")
        #expect(schedule.reserve(now: .seconds(10)) == .seconds(10))
    }

    @Test("a 429 halves the rate, never below the floor")
    func multiplicativeDecrease() {
        var schedule = RateSchedule(requestsPerSecond: 8, floorFraction: 0.25)
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 4)
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 2)
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 2, "floor is 8 × 0.25")
        #expect(schedule.interval == .milliseconds(505))
    }

    @Test("a burst of 429s to requests sent before the slowdown halves the rate once")
    func oneHalvingPerBurst() {
        var schedule = RateSchedule(requestsPerSecond: 8)
        schedule.recordRateLimited(now: .seconds(2), sentAt: .milliseconds(1_900), retryAfter: nil)
        schedule.recordRateLimited(now: .seconds(2), sentAt: .milliseconds(1_950), retryAfter: nil)
        schedule.recordRateLimited(now: .milliseconds(2_100), sentAt: .milliseconds(1_990), retryAfter: nil)
        #expect(schedule.currentRate == 4, "three 429s of requests sent before the first answer")
        schedule.recordRateLimited(now: .seconds(3), sentAt: .milliseconds(2_500), retryAfter: nil)
        #expect(schedule.currentRate == 2, "a request sent after the slowdown still got a 429")
    }

    @Test("a 429 with Retry-After holds everything back until then, with no burst after it")
    func retryAfterPausesTheAccount() {
        var schedule = RateSchedule(requestsPerSecond: 10)
        _ = schedule.reserve(now: .zero)
        schedule.recordRateLimited(now: .seconds(1), retryAfter: 7)
        #expect(schedule.reserve(now: .seconds(1)) == .seconds(8))
        #expect(schedule.reserve(now: .seconds(1)) == .seconds(8) + .milliseconds(202), "5/s after halving, one at a time")
    }

    @Test("the rate recovers by a tenth of the configured rate per second's worth of successes")
    func additiveIncrease() {
        var schedule = RateSchedule(requestsPerSecond: 10)
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 5)
        for _ in 0..<4 { schedule.recordSuccess() }
        #expect(schedule.currentRate == 5, "not a full window yet")
        schedule.recordSuccess()
        #expect(schedule.currentRate == 6)
        var successes = 0
        while schedule.currentRate < 10 && successes < 100 {
            schedule.recordSuccess()
            successes += 1
        }
        #expect(successes == 6 + 7 + 8 + 9)
        schedule.recordSuccess()
        #expect(schedule.currentRate == 10, "never above the configured rate")
    }
}

@Suite("Account pacer on a manual clock")
struct AccountPacerTests {
    @Test("concurrent reservers never share a slot beyond the burst")
    func concurrentReserversGetDistinctSlots() async {
        let pacer = AccountPacer(limit: PacingLimit(requestsPerSecond: 5), clock: MonotonicClock(ManualClock()))
        let slots = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<50 { group.addTask { await pacer.reserveSlot() } }
            return await group.reduce(into: [Duration]()) { $0.append($1) }
        }
        #expect(slots.filter { $0 == .zero }.count == 4)
        let spaced: [Duration] = (1...46).map { (index: Int) -> Duration in .milliseconds(202 * index) }
        #expect(Array(slots.sorted().dropFirst(4)) == spaced)
    }

    @Test("reads and writes share the account's budget; writes also keep the stricter write rate")
    func writesWithinTheAccountBudget() async {
        let pacer = AccountPacer(limit: PacingLimit(requestsPerSecond: 2, writesPerSecond: 0.5),
                                 clock: MonotonicClock(ManualClock()))
        #expect(await pacer.reserveSlot(.read) == .zero)
        #expect(await pacer.reserveSlot(.write) == .milliseconds(505), "the account's second token")
        #expect(await pacer.reserveSlot(.write) == .milliseconds(505 + 2020), "the write budget: one per 2.02 s")
        #expect(await pacer.reserveSlot(.read) == .milliseconds(2525 + 505),
                "slots are handed out in order: the account's next token after that write")
    }

    @Test("at 1/s every request waits for the previous answer; a stricter write rate makes only writes wait")
    func turnsFollowWhatIsPacedFromAnswers() async {
        let slow = AccountPacer(limit: PacingLimit(requestsPerSecond: 1), clock: MonotonicClock(ManualClock()))
        #expect(slow.pacesFromAnswers(.read) && slow.pacesFromAnswers(.write))
        let joggLike = AccountPacer(limit: PacingLimit(requestsPerSecond: 10_000, writesPerSecond: 20.0 / 60),
                                    clock: MonotonicClock(ManualClock()))
        #expect(!joggLike.pacesFromAnswers(.read) && joggLike.pacesFromAnswers(.write))
        await joggLike.takeTurn(.write)
        await joggLike.takeTurn(.read) // a read does not wait behind the write's turn
        let secondWriteHasItsTurn = Locked(false)
        let secondWrite = Task {
            await joggLike.takeTurn(.write)
            secondWriteHasItsTurn.withLock { $0 = true }
        }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!secondWriteHasItsTurn.withLock { $0 }, "a second write waits for the first one's answer")
        await joggLike.endTurn(.write)
        await secondWrite.value
        #expect(secondWriteHasItsTurn.withLock { $0 })
        await joggLike.endTurn(.write)
    }

    @Test("a 429 on a read slows the writes too")
    func rateLimitedReadSlowsWrites() async {
        let pacer = AccountPacer(limit: PacingLimit(requestsPerSecond: 4), clock: MonotonicClock(ManualClock()))
        let sent = await pacer.reserveSlot(.read)
        await pacer.recordRateLimited(sentAt: sent, retryAfter: 2)
        #expect(await pacer.reserveSlot(.write) == .seconds(2))
        #expect(await pacer.requests.currentRate == 2)
    }

    @Test("waiters sleep outside the pacer and wake in slot order as time advances")
    func waitersWakeAtTheirSlots() async {
        let clock = ManualClock()
        let pacer = AccountPacer(limit: PacingLimit(requestsPerSecond: 1), clock: MonotonicClock(clock))
        let woken = Locked<[Int]>([])
        await withTaskGroup(of: Void.self) { group in
            for index in 1...3 {
                group.addTask {
                    _ = try? await pacer.waitForSlot()
                    woken.withLock { $0.append(index) }
                }
            }
            // Slot 0 needs no sleep; the other two sleep while the pacer stays free.
            await clock.waitForSleepers(2)
            #expect(await pacer.reserveSlot() == .milliseconds(3030), "the pacer is not blocked by sleepers")
            #expect(woken.withLock { $0.count } <= 1, "only the slot-0 waiter may have run")
            clock.advance(to: .milliseconds(1100))
            #expect(clock.sleeperCount == 1, "the 2.02 s slot still sleeps at 1.1 s")
            clock.advance(to: .seconds(3))
            await group.waitForAll()
        }
        #expect(woken.withLock { $0.count } == 3)
    }
}
