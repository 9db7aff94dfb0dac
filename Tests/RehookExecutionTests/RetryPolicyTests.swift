import Testing
import RehookModel
@testable import RehookExecution

@Suite("Retry policy")
struct RetryPolicyTests {
    let key = WebhookKey(vendor: .heygen, account: "main", id: "wh_1")
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(10))

    @Test("retryable failures", arguments: [
        VendorError.Kind.server(status: 500), .server(status: 503), .rateLimited(retryAfter: nil), .timeout, .connection,
    ])
    func retried(kind: VendorError.Kind) {
        #expect(policy.delay(afterAttempt: 1, error: Fixtures.error(kind, key), jitter: .constant(0.5)) != nil)
    }

    @Test("permanent failures are not retried", arguments: [
        VendorError.Kind.server(status: 501), .rejected(status: 422), .notFound, .unauthorized, .malformedResponse,
        .invalidRequest,
    ])
    func notRetried(kind: VendorError.Kind) {
        #expect(policy.delay(afterAttempt: 1, error: Fixtures.error(kind, key), jitter: .constant(0.5)) == nil)
    }

    @Test("attempts are bounded")
    func boundedAttempts() {
        let error = Fixtures.error(.server(status: 503), key)
        let delays = (1...6).map { policy.delay(afterAttempt: $0, error: error, jitter: .constant(0.5)) }
        #expect(delays.prefix(4).allSatisfy { $0 != nil })
        #expect(delays[4] == nil && delays[5] == nil, "5 attempts in all: no wait after the fifth")
    }

    @Test("the ceiling doubles per attempt up to the maximum")
    func exponentialCeiling() {
        let ceilings = (1...6).map { policy.backoffCeiling(afterAttempt: $0) }
        #expect(ceilings == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test("full jitter spans zero to the ceiling", arguments: [0.0, 0.25, 0.999])
    func fullJitter(fraction: Double) {
        let error = Fixtures.error(.timeout, key)
        let delay = policy.delay(afterAttempt: 3, error: error, jitter: .constant(fraction))
        let expected = Duration.seconds(fractional: 4 * fraction)
        #expect(delay == expected)
        #expect(delay.map { $0 >= .zero && $0 <= .seconds(4) } == true)
    }

    @Test("Retry-After is a lower bound on the wait")
    func retryAfterHonoured() {
        let error = Fixtures.error(.rateLimited(retryAfter: 7), key)
        #expect(policy.delay(afterAttempt: 1, error: error, jitter: .constant(0.9)) == .seconds(7))
        let shortHint = Fixtures.error(.rateLimited(retryAfter: 0.1), key)
        #expect(policy.delay(afterAttempt: 4, error: shortHint, jitter: .constant(0.5)) == .seconds(4),
                "backoff wins when it is longer")
    }
}
