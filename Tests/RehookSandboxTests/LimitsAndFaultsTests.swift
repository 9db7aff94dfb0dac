import AsyncHTTPClient
import RehookModel
import Synchronization
import Testing
@testable import RehookSandbox

@Suite struct RateLimitTests {
    /// A frozen clock: the bucket never refills, so exactly `rate` requests pass.
    static func options(_ vendor: VendorID, rate: Double) -> SandboxOptions {
        SandboxOptions(seed: .fleet(SandboxFleet(accountsPerVendor: 2, webhooksPerAccount: 1...1, seed: 3)),
                       rateLimits: [vendor: rate], clock: .fixed())
    }

    @Test(arguments: [(VendorID.argil, "/webhooks"), (.talkover, "/agents"), (.heygen, "/v1/webhook/endpoint.list"),
                      (.composio, "/api/v3/webhook_subscriptions")])
    func burstBeyondTheLimitGets429WithRetryAfter(_ vendor: VendorID, _ path: String) async throws {
        try await SandboxHarness.with(Self.options(vendor, rate: 3)) { harness in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await harness.send(vendor, .GET, path).status) }
            #expect(statuses == [200, 200, 200, 429, 429])
            let limited = try await harness.send(vendor, .GET, path)
            #expect(limited.headers.first(name: "Retry-After").flatMap(Int.init) == 1)
            let counters = await harness.sandbox.stats().counters(vendor, "acme-prod")
            #expect(counters.requests == 6)
            #expect(counters.rateLimited == 3)
        }
    }

    @Test func joggAnswersRateLimitsWithBodyCode429() async throws {
        try await SandboxHarness.with(Self.options(.jogg, rate: 2)) { harness in
            _ = try await harness.send(.jogg, .GET, "/v2/endpoints")
            _ = try await harness.send(.jogg, .GET, "/v2/endpoints")
            let limited = try await harness.send(.jogg, .GET, "/v2/endpoints")
            #expect(limited.status == 200)
            #expect(limited["code"] == 429)
            #expect(limited["data"] == .null)
            #expect(limited["msg"]?.stringValue?.hasPrefix("Rate limit exceeded") == true)
            #expect(await harness.sandbox.stats().counters(.jogg, "acme-prod").rateLimited == 1)
        }
    }

    @Test func limitsArePerAccountAndOnlyForTheNamedVendor() async throws {
        try await SandboxHarness.with(Self.options(.argil, rate: 1)) { harness in
            let second = try #require(harness.sandbox.accounts.first { $0.vendor == .argil && $0.name == "acme-staging" })
            #expect(try await harness.send(.argil, .GET, "/webhooks").status == 200)
            #expect(try await harness.send(.argil, .GET, "/webhooks").status == 429)
            #expect(try await harness.send(.argil, .GET, "/webhooks", key: second.key).status == 200)
            for _ in 0..<3 { #expect(try await harness.send(.heygen, .GET, "/v1/webhook/endpoint.list").status == 200) }
        }
    }

    @Test func bucketRefillsAsTheInjectedClockMoves() async {
        let time = ManualTime()
        let limiter = RateLimiter(limits: [.composio: 2], clock: SandboxClock { time.now })
        #expect(await limiter.admit(.composio, account: "a") == nil)
        #expect(await limiter.admit(.composio, account: "a") == nil)
        #expect(await limiter.admit(.composio, account: "a") == 1)
        time.now = 0.5
        #expect(await limiter.admit(.composio, account: "a") == nil)
        #expect(await limiter.admit(.composio, account: "a") == 1)
    }
}

/// A clock a test moves by hand.
final class ManualTime: Sendable {
    private let value = Mutex(0.0)
    var now: Double {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

@Suite struct FaultTests {
    static func options(fail: Double = 0, drop: Double = 0, slow: Double = 0, seed: UInt64 = 42) -> SandboxOptions {
        SandboxOptions(seed: .fleet(SandboxFleet(accountsPerVendor: 1, webhooksPerAccount: 2...2, seed: 3)),
                       faults: SandboxFaults(failRate: fail, dropRate: drop, slowRate: slow, slowDelay: .milliseconds(1)),
                       randomSeed: seed)
    }

    @Test func failRateOneAnswersEveryRequestWithTheVendors5xxShape() async throws {
        try await SandboxHarness.with(Self.options(fail: 1)) { harness in
            let argil = try await harness.send(.argil, .GET, "/webhooks")
            #expect((500...599).contains(argil.status))
            #expect(argil["code"]?.intValue == argil.status)
            let composio = try await harness.send(.composio, .GET, "/api/v3/webhook_subscriptions")
            #expect((500...599).contains(composio.status))
            #expect(composio["error"]?["status"]?.intValue == composio.status)
            let jogg = try await harness.send(.jogg, .GET, "/v2/endpoints")
            #expect(jogg["code"] == 50000)
            #expect(await harness.sandbox.stats().counters(.argil, "acme-prod").serverErrors == 1)
        }
    }

    /// The statuses of `count` sequential HeyGen list calls.
    static func statuses(seed: UInt64, count: Int) async throws -> [Int] {
        try await SandboxHarness.with(options(fail: 0.5, seed: seed)) { harness in
            var statuses: [Int] = []
            for _ in 0..<count { statuses.append(try await harness.send(.heygen, .GET, "/v1/webhook/endpoint.list").status) }
            let counters = await harness.sandbox.stats().counters(.heygen, "acme-prod")
            #expect(counters.serverErrors == statuses.filter { $0 >= 500 }.count)
            return statuses
        }
    }

    @Test func aFixedSeedRepeatsTheSameMixOfFailures() async throws {
        let first = try await Self.statuses(seed: 42, count: 40)
        let again = try await Self.statuses(seed: 42, count: 40)
        let other = try await Self.statuses(seed: 43, count: 40)
        #expect(first == again)
        #expect(first != other)
        let failures = first.filter { $0 >= 500 }.count
        #expect((5...35).contains(failures), "about half of 40 requests fail, got \(failures)")
        #expect(first.allSatisfy { $0 == 200 || [500, 502, 503].contains($0) })
    }

    @Test func dropRateOneClosesTheConnectionWithoutAResponse() async throws {
        try await SandboxHarness.with(Self.options(drop: 1)) { harness in
            await #expect(throws: HTTPClientError.self) {
                _ = try await harness.send(.talkover, .GET, "/agents")
            }
            #expect(await harness.sandbox.stats().counters(.talkover, "acme-prod").dropped >= 1)
            let admin = try await harness.admin(.GET, "stats")
            #expect(admin.status == 200, "admin endpoints are never faulted")
        }
    }

    @Test func slowRateDelaysButStillAnswers() async throws {
        try await SandboxHarness.with(Self.options(slow: 1)) { harness in
            let response = try await harness.send(.argil, .GET, "/webhooks")
            #expect(response.status == 200)
            #expect(await harness.sandbox.stats().counters(.argil, "acme-prod").slowed == 1)
        }
    }
}
