import RehookExecution
import RehookVendors

/// Paces one account's reads (GET: listings, event catalogues) at the account's read rate,
/// so that listing many accounts, or a Talkover account with many agents, stays inside the
/// vendor's limits. Writes are paced by the execution engine, which also adapts to 429s.
struct PacedTransport: HTTPTransport {
    let inner: any HTTPTransport
    let reads: AccountRateLimiter

    init(_ inner: any HTTPTransport, readRate: RateLimit) {
        self.inner = inner
        self.reads = AccountRateLimiter(limit: PacingLimit(requestsPerSecond: readRate.requestsPerSecond),
                                        clock: .continuous)
    }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        if request.method == .get {
            do {
                try await reads.waitForSlot()
            } catch {
                throw HTTPTransportError(.connection, "cancelled while waiting for the account's read rate")
            }
        }
        let response = try await inner.send(request)
        if response.status == 429, request.method == .get {
            await reads.recordRateLimited(sentAt: reads.now, retryAfter: nil)
        }
        return response
    }
}
