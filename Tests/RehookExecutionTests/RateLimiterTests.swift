import Testing
import RehookModel
@testable import RehookExecution

@Suite("Rate schedule arithmetic")
struct RateScheduleTests {
    @Test("10 requests at 5/s reserved at once get slots 0, 0.2, 0.4, ...")
    func evenlySpacedSlots() {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: 5))
        let slots = (0..<10).map { _ in schedule.reserve(now: .zero) }
        #expect(slots == (0..<10).map { Duration.milliseconds(200 * $0) })
    }

    @Test("every one-second window holds at most the configured number of slots",
          arguments: [1.0, 3.0, 5.0, 20.0 / 60.0])
    func noWindowExceedsTheRate(rate: Double) {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: rate))
        let slots = (0..<40).map { _ in schedule.reserve(now: .zero).seconds }
        let allowed = Int(max(1, rate.rounded(.up)))
        for start in slots {
            let inWindow = slots.filter { $0 >= start && $0 < start + 1 }.count
            #expect(inWindow <= allowed, "window from \(start)s holds \(inWindow) slots")
        }
    }

    @Test("a request after an idle period is not delayed, and the next one is spaced from it")
    func idleThenBurst() {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: 4))
        #expect(schedule.reserve(now: .zero) == .zero)
        #expect(schedule.reserve(now: .seconds(10)) == .seconds(10))
        #expect(schedule.reserve(now: .seconds(10)) == .milliseconds(10_250))
    }

    @Test("a 429 halves the rate, never below the floor")
    func multiplicativeDecrease() {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: 8, floorFraction: 0.25))
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 4)
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 2)
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 2, "floor is 8 × 0.25")
        #expect(schedule.interval == .milliseconds(500))
    }

    @Test("a burst of 429s to requests sent before the slowdown halves the rate once")
    func oneHalvingPerBurst() {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: 8))
        schedule.recordRateLimited(now: .seconds(2), sentAt: .milliseconds(1_900), retryAfter: nil)
        schedule.recordRateLimited(now: .seconds(2), sentAt: .milliseconds(1_950), retryAfter: nil)
        schedule.recordRateLimited(now: .milliseconds(2_100), sentAt: .milliseconds(1_990), retryAfter: nil)
        #expect(schedule.currentRate == 4, "three 429s of requests sent before the first answer")
        schedule.recordRateLimited(now: .seconds(3), sentAt: .milliseconds(2_500), retryAfter: nil)
        #expect(schedule.currentRate == 2, "a request sent after the slowdown still got a 429")
    }

    @Test("a 429 with Retry-After holds back the whole account until then")
    func retryAfterPausesTheAccount() {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: 10))
        _ = schedule.reserve(now: .zero)
        schedule.recordRateLimited(now: .seconds(1), retryAfter: 7)
        #expect(schedule.reserve(now: .seconds(1)) == .seconds(8))
        #expect(schedule.reserve(now: .seconds(1)) == .seconds(8) + .milliseconds(200), "5/s after halving")
    }

    @Test("the rate recovers by a tenth of the configured rate per second's worth of successes")
    func additiveIncrease() {
        var schedule = RateSchedule(limit: PacingLimit(requestsPerSecond: 10))
        schedule.recordRateLimited(now: .zero, retryAfter: nil)
        #expect(schedule.currentRate == 5)
        for _ in 0..<4 { schedule.recordSuccess() }
        #expect(schedule.currentRate == 5, "not a full window yet")
        schedule.recordSuccess()
        #expect(schedule.currentRate == 6)
        var successes = 0
        while schedule.currentRate < 10 {
            schedule.recordSuccess()
            successes += 1
            #expect(successes < 100, "recovery must terminate")
            if successes >= 100 { break }
        }
        #expect(successes == 6 + 7 + 8 + 9)
        schedule.recordSuccess()
        #expect(schedule.currentRate == 10, "never above the configured rate")
    }

    @Test("per-minute limits and the unlimited pace")
    func perMinuteAndUnlimited() {
        let jogg = PacingLimit.perMinute(20, pacesReads: false)
        #expect(abs(jogg.requestsPerSecond - 20.0 / 60.0) < 1e-9)
        #expect(!jogg.pacesReads)
        #expect(PacingLimit.unlimited.requestsPerSecond >= 1_000)
    }
}

@Suite("Account rate limiter on a manual clock")
struct AccountRateLimiterTests {
    @Test("concurrent reservers never share a slot")
    func concurrentReserversGetDistinctSlots() async {
        let limiter = AccountRateLimiter(limit: PacingLimit(requestsPerSecond: 5), clock: ExecutionClock(ManualClock()))
        let slots = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<50 { group.addTask { await limiter.reserveSlot() } }
            return await group.reduce(into: [Duration]()) { $0.append($1) }
        }
        #expect(Set(slots).count == 50)
        #expect(slots.sorted() == (0..<50).map { Duration.milliseconds(200 * $0) })
    }

    @Test("waiters sleep outside the limiter and wake in slot order as time advances")
    func waitersWakeAtTheirSlots() async {
        let clock = ManualClock()
        let limiter = AccountRateLimiter(limit: PacingLimit(requestsPerSecond: 2), clock: ExecutionClock(clock))
        let woken = Collector<Int>()
        await withTaskGroup(of: Void.self) { group in
            for index in 1...3 {
                group.addTask {
                    _ = try? await limiter.waitForSlot()
                    woken.append(index)
                }
            }
            // Slot 0 needs no sleep; the other two sleep while the limiter stays free.
            await clock.waitForSleepers(2)
            #expect(await limiter.reserveSlot() == .milliseconds(1500), "the limiter is not blocked by sleepers")
            #expect(woken.values.count <= 1, "only the slot-0 waiter may have run")
            clock.advance(to: .milliseconds(500))
            #expect(clock.sleeperCount == 1, "the 1 s slot still sleeps at 0.5 s")
            clock.advance(to: .seconds(1))
            await group.waitForAll()
        }
        #expect(woken.values.count == 3)
    }
}
