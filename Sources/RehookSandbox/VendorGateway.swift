import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RehookModel

/// The request context of every sandbox route: Hummingbird's core storage plus the TCP
/// channel, which the drop fault closes without answering.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

/// What a route answers: a status, a JSON body, extra headers, and what it did (for stats).
struct VendorReply: Sendable {
    enum Effect: Sendable { case read, write, rejected }

    var status: HTTPResponse.Status
    var body: JSONValue
    var headers: HTTPFields = [:]
    var effect: Effect = .read

    init(_ status: HTTPResponse.Status, _ body: JSONValue, headers: HTTPFields = [:], effect: Effect = .read) {
        self.status = status
        self.body = body
        self.headers = headers
        self.effect = effect
    }

    /// The same reply, counted as a refused request (validation error, unknown webhook).
    var rejection: VendorReply {
        var reply = self
        reply.effect = .rejected
        return reply
    }

    /// The same reply, counted as an applied update.
    var written: VendorReply {
        var reply = self
        reply.effect = .write
        return reply
    }

    var response: Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.encoded())))
    }
}

/// One vendor's wire dialect: how it reads credentials and how it words the errors every
/// route shares. Each vendor type also registers its own routes.
protocol VendorAPI: Sendable {
    var vendor: VendorID { get }
    /// The API key from the request headers; `nil` when the header is missing.
    func credential(in headers: HTTPFields) -> String?
    /// Missing (`keyMissing`) or unknown key.
    func unauthorized(keyMissing: Bool) -> VendorReply
    /// Over the rate limit; `retryAfter` in seconds.
    func rateLimited(retryAfter: Int) -> VendorReply
    /// An injected server error.
    func serverError(status: Int) -> VendorReply
    func register(on router: Router<SandboxRequestContext>, gateway: VendorGateway)
}

extension VendorAPI {
    /// The `x-api-key` header, shared by all but Talkover.
    func apiKeyHeader(in headers: HTTPFields) -> String? {
        headerValue("x-api-key", in: headers)
    }

    /// A non-empty header value.
    func headerValue(_ name: String, in headers: HTTPFields) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `Retry-After: seconds`.
    func retryAfterHeader(_ seconds: Int) -> HTTPFields {
        [.retryAfter: String(seconds)]
    }
}

/// An authenticated vendor request, as a route handler sees it.
struct VendorCall: Sendable {
    let account: SandboxAccountProfile
    let state: SandboxState
    let request: Request
    let parameters: Parameters
    /// The request body; `nil` when empty or not JSON (`bodyBytes` tells which).
    let body: JSONValue?
    let bodyBytes: Int

    /// The account's webhooks now (a listing).
    func webhooks() async -> [SandboxWebhook] { await state.webhooks(vendor: account.vendor, account: account.name) }

    /// Talkover: the account's agents now.
    func agents() async -> [SandboxAgent] { await state.agents(vendor: account.vendor, account: account.name) }

    /// Whether the account has webhook `id` now.
    func hasWebhook(_ id: String) async -> Bool {
        await state.hasWebhook(vendor: account.vendor, account: account.name, id: id)
    }

    /// A path parameter (always present: the router matched it).
    func parameter(_ name: String) -> String { parameters.get(name) ?? "" }

    /// A query parameter.
    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name).map { String($0) }
    }
}

/// The error thrown after the drop fault closed the connection.
struct ConnectionDropped: Error {}

/// Runs every vendor request through the same steps: added latency, authentication, counting,
/// rate limit, fault injection, then the route's handler.
struct VendorGateway: Sendable {
    let state: SandboxState
    let stats: SandboxStatsRecorder
    let limiter: RateLimiter
    let faults: FaultInjector
    let options: SandboxOptions

    static let maximumBodySize = 1 << 20

    func serve(_ api: some VendorAPI, _ request: Request, _ context: SandboxRequestContext,
               _ handler: @Sendable (VendorCall) async throws -> VendorReply) async throws -> Response {
        // Arrival is stamped before anything awaits: a busy process (a test suite) delays the
        // hops below by varying amounts, which bunched arrivals up and drew 429s that no real
        // vendor, stamping at its edge, would send.
        let arrived = Arrival(time: stats.elapsed(), forLimiter: limiter.now())
        let inFlight = await stats.began()
        do {
            let response = try await serveCounted(api, request, context, arrived: arrived, inFlight: inFlight, handler)
            await stats.ended()
            return response
        } catch {
            await stats.ended()
            throw error
        }
    }

    private func serveCounted(_ api: some VendorAPI, _ request: Request, _ context: SandboxRequestContext,
                              arrived stamp: Arrival, inFlight: Int, _ handler: @Sendable (VendorCall) async throws -> VendorReply) async throws -> Response {
        let arrived = stamp.time
        let arrivedForLimiter = stamp.forLimiter
        if options.latency > .zero { try await Task.sleep(for: options.latency) }
        guard let key = api.credential(in: request.headers) else {
            await stats.recordUnauthorized(api.vendor)
            return api.unauthorized(keyMissing: true).response
        }
        guard let account = await state.profile(vendor: api.vendor, key: key) else {
            await stats.recordUnauthorized(api.vendor)
            return api.unauthorized(keyMissing: false).response
        }
        await record(api, account) { $0.requests += 1 }
        let retryAfter = await limiter.admit(api.vendor, account: account.name, arrivedAt: arrivedForLimiter)
        await stats.logRequest(api.vendor, account.name, method: request.method.rawValue, path: request.uri.path,
                               arrived: arrived, inFlight: inFlight, rateLimited: retryAfter != nil,
                               userAgent: request.headers[.userAgent])
        if let retryAfter {
            await record(api, account) { $0.rateLimited += 1 }
            return api.rateLimited(retryAfter: retryAfter).response
        }
        switch await faults.next() {
        case .drop:
            await record(api, account) { $0.dropped += 1 }
            try await context.channel.close()
            throw ConnectionDropped()
        case .serverError(let status):
            await record(api, account) { $0.serverErrors += 1 }
            return api.serverError(status: status).response
        case .slow:
            await record(api, account) { $0.slowed += 1 }
            try await Task.sleep(for: options.faults.slowDelay)
        case nil:
            break
        }
        let bytes = try await request.body.collect(upTo: Self.maximumBodySize)
        let raw = Array(bytes.readableBytesView)
        let call = VendorCall(account: account, state: state, request: request, parameters: context.parameters,
                              body: JSONValue.parse(raw), bodyBytes: raw.count)
        let reply = try await handler(call)
        switch reply.effect {
        case .write: await record(api, account) { $0.writes += 1 }
        case .rejected: await record(api, account) { $0.rejected += 1 }
        case .read: break
        }
        return reply.response
    }

    private func record(_ api: some VendorAPI, _ account: SandboxAccountProfile,
                        _ change: @Sendable (inout SandboxCounters) -> Void) async {
        await stats.record(api.vendor, account.name, change)
    }
}

/// When a request reached the sandbox: on the request log's clock and on the rate limiter's.
struct Arrival: Sendable {
    let time: Double
    let forLimiter: Double
}
