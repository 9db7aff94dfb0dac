import Testing
import RehookModel
@testable import RehookVendors

@Suite("Retry policy")
struct RetryPolicyTests {
    let key = WebhookKey(vendor: .heygen, account: "main", id: "wh_1")
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(10))

    func failure(_ kind: VendorError.Kind, _ key: WebhookKey) -> VendorError {
        VendorError(kind, vendor: key.vendor, account: key.account, call: "PATCH /v1/webhook/endpoint.update",
                    message: "vendor says \(kind)")
    }

    @Test("retryable failures", arguments: [
        VendorError.Kind.server(status: 500), .server(status: 503), .rateLimited(retryAfter: nil), .timeout, .connection, .unreachable,
    ])
    func retried(kind: VendorError.Kind) {
        #expect(policy.delay(afterAttempt: 1, error: failure(kind, key), jitter: .constant(0.5)) != nil)
    }

    @Test("permanent failures are not retried", arguments: [
        VendorError.Kind.server(status: 501), .rejected(status: 422), .notFound, .unauthorized, .malformedResponse,
        .invalidRequest, .interrupted,
    ])
    func notRetried(kind: VendorError.Kind) {
        #expect(policy.delay(afterAttempt: 1, error: failure(kind, key), jitter: .constant(0.5)) == nil)
    }

    @Test("attempts are bounded")
    func boundedAttempts() {
        let error = failure(.server(status: 503), key)
        let delays = (1...6).map { policy.delay(afterAttempt: $0, error: error, jitter: .constant(0.5)) }
        #expect(delays.prefix(4).allSatisfy { $0 != nil })
        #expect(delays[4] == nil && delays[5] == nil, "5 attempts in all: no wait after the fifth")
    }

    @Test("reads get three attempts more than writes")
    func readsGetMoreAttempts() {
        let error = failure(.server(status: 503), key)
        #expect(policy.delay(afterAttempt: 5, error: error, kind: .write, jitter: .constant(0.5)) == nil)
        #expect(policy.delay(afterAttempt: 7, error: error, kind: .read, jitter: .constant(0.5)) != nil)
        #expect(policy.delay(afterAttempt: 8, error: error, kind: .read, jitter: .constant(0.5)) == nil)
    }

    @Test("the ceiling doubles per attempt up to the maximum")
    func exponentialCeiling() {
        let ceilings = (1...6).map { policy.backoffCeiling(afterAttempt: $0) }
        #expect(ceilings == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test("full jitter spans zero to the ceiling", arguments: [0.0, 0.25, 0.999])
    func fullJitter(fraction: Double) {
        let error = failure(.timeout, key)
        let delay = policy.delay(afterAttempt: 3, error: error, jitter: .constant(fraction))
        let expected = Duration.seconds(fractional: 4 * fraction)
        #expect(delay == expected)
        #expect(delay.map { $0 >= .zero && $0 <= .seconds(4) } == true)
    }

    @Test("Retry-After is a lower bound on the wait")
    func retryAfterHonoured() {
        let error = failure(.rateLimited(retryAfter: 7), key)
        #expect(policy.delay(afterAttempt: 1, error: error, jitter: .constant(0.9)) == .seconds(7))
        let shortHint = failure(.rateLimited(retryAfter: 0.1), key)
        #expect(policy.delay(afterAttempt: 4, error: shortHint, jitter: .constant(0.5)) == .seconds(4),
                "backoff wins when it is longer")
    }

    @Test("an unreachable host gets a few quick attempts, all within seconds")
    func unreachableFailsFast() {
        let error = failure(.unreachable, key)
        let defaults = RetryPolicy()
        let delays = (1...3).map { defaults.delay(afterAttempt: $0, error: error, jitter: .constant(0.999)) }
        #expect(delays[0] != nil && delays[1] != nil)
        #expect(delays[2] == nil, "three attempts in all")
        #expect(delays.compactMap { $0 }.reduce(.zero, +) < .seconds(1))
        #expect(defaults.delay(afterAttempt: 1, error: error, elapsed: .seconds(6), jitter: .constant(0.5)) == nil,
                "no retry of an unreachable host once its time is up")
    }

    @Test("no retry starts after the total time per request")
    func totalTimeBounded() {
        let bounded = RetryPolicy(maxAttempts: 10, baseDelay: .seconds(1), maxDelay: .seconds(10), maxTotal: .seconds(30))
        let error = failure(.server(status: 503), key)
        #expect(bounded.delay(afterAttempt: 2, error: error, elapsed: .seconds(20), jitter: .constant(0.5)) == .seconds(1))
        #expect(bounded.delay(afterAttempt: 2, error: error, elapsed: .seconds(29.5), jitter: .constant(0.5)) == nil)
        #expect(bounded.delay(afterAttempt: 1, error: failure(.rateLimited(retryAfter: 60), key),
                              jitter: .constant(0.5)) == nil, "a Retry-After beyond the budget ends the request")
    }
}
