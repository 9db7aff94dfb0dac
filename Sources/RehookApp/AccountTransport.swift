import RehookExecution
import RehookVendors

/// One account's HTTP: paces its reads (GET: listings, event catalogues, Talkover's agent
/// pages) at the account's read rate, and retries a read that met a transient failure — a
/// dropped connection, a timeout, 429 (after its Retry-After) or a 5xx other than 501 — so a
/// listing of many pages is not lost to one bad response. Writes pass through untouched:
/// the execution engine paces, retries and journals them.
struct AccountTransport: HTTPTransport {
    let inner: any HTTPTransport
    let reads: AccountRateLimiter?
    let retry: RetryPolicy

    init(_ inner: any HTTPTransport, readRate: RateLimit?,
         retry: RetryPolicy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(20))) {
        self.inner = inner
        self.reads = readRate.map {
            AccountRateLimiter(limit: PacingLimit(requestsPerSecond: $0.requestsPerSecond), clock: .continuous)
        }
        self.retry = retry
    }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        guard request.method == .get else { return try await inner.send(request) }
        var attempt = 0
        while true {
            attempt += 1
            let sentAt = try await waitForReadSlot()
            let retryAfter: Double?
            do throws(HTTPTransportError) {
                let response = try await inner.send(request)
                guard Self.isTransient(response.status), attempt < retry.maxAttempts else { return response }
                retryAfter = response.status == 429 ? Self.retryAfterSeconds(response) : nil
                if response.status == 429 { await reads?.recordRateLimited(sentAt: sentAt, retryAfter: retryAfter) }
            } catch {
                guard attempt < retry.maxAttempts else { throw error }
                retryAfter = nil
            }
            let ceiling = retry.backoffCeiling(afterAttempt: attempt).seconds * Double.random(in: 0..<1)
            do {
                try await Task.sleep(for: .seconds(max(ceiling, retryAfter ?? 0)))
            } catch {
                throw HTTPTransportError(.connection, "cancelled while retrying \(request)")
            }
        }
    }

    private func waitForReadSlot() async throws(HTTPTransportError) -> Duration {
        guard let reads else { return .zero }
        do {
            return try await reads.waitForSlot()
        } catch {
            throw HTTPTransportError(.connection, "cancelled while waiting for the account's read rate")
        }
    }

    static func isTransient(_ status: Int) -> Bool {
        status == 429 || (500...599).contains(status) && status != 501
    }

    /// `Retry-After` in seconds (an HTTP date is left to the adapter's own reading).
    static func retryAfterSeconds(_ response: HTTPResponse) -> Double? {
        response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
