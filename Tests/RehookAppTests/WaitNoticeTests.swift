import Testing
import RehookModel
import RehookVendors
@testable import RehookApp

@Suite struct WaitNoticeTests {
    @Test("a wait names the account, what it waits for, how long and the call", arguments: [
        (RequestWait.Reason.rateSlot, 2.5, "waiting 2.5 s: HeyGen account 'eu' is at its rate limit (GET /v1/webhook/endpoint.list)"),
        (.retryAfter, 30, "waiting 30 s: HeyGen account 'eu' asked to retry later (GET /v1/webhook/endpoint.list)"),
        (.backoff, 1.04, "waiting 1.0 s: HeyGen account 'eu' failed; backing off before retrying (GET /v1/webhook/endpoint.list)"),
    ])
    func wording(reason: RequestWait.Reason, seconds: Double, expected: String) {
        let wait = RequestWait(vendor: .heygen, account: "eu", call: "GET /v1/webhook/endpoint.list", reason: reason,
                               seconds: seconds)
        #expect(WaitNotice.line(for: wait) == expected)
    }
}
