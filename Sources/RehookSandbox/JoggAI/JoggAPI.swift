import Hummingbird
import RehookModel

/// JoggAI v2 under `/jogg`: `GET /v2/endpoints`, `GET /v2/events`, `PUT /v2/endpoint/{id}`.
/// Every answer is HTTP 200 with `{code, msg, data}`; the body code tells success (0) from
/// failure (10104 not found, 10105 invalid key, 40000 parameter error, 50000 system error,
/// 429 rate limited).
struct JoggAPI: VendorAPI {
    let vendor = VendorID.jogg

    enum Code {
        static let success = 0
        static let notFound = 10104
        static let invalidKey = 10105
        static let parameterError = 40000
        static let systemError = 50000
        static let rateLimited = 429
    }

    func credential(in headers: HTTPFields) -> String? { apiKeyHeader(in: headers) }

    static func envelope(_ code: Int, _ message: String, data: JSONValue = .null) -> VendorReply {
        VendorReply(.ok, ["code": .int(code), "msg": .string(message), "data": data])
    }

    func unauthorized(keyMissing: Bool) -> VendorReply {
        Self.envelope(Code.invalidKey, keyMissing ? "Invalid API key: x-api-key header is missing" : "Invalid API key")
    }

    func rateLimited(retryAfter: Int) -> VendorReply {
        var reply = Self.envelope(Code.rateLimited, "Rate limit exceeded, retry after \(retryAfter) seconds")
        reply.headers = retryAfterHeader(retryAfter)
        return reply
    }

    func serverError(status: Int) -> VendorReply {
        Self.envelope(Code.systemError, "System error")
    }

    func register(on router: Router<SandboxRequestContext>, gateway: VendorGateway) {
        let group = router.group("jogg/v2")
        group.get("endpoints") { request, context in
            try await gateway.serve(self, request, context) { call in
                let endpoints = await call.webhooks().map { Self.render($0, username: call.account.username) }
                return Self.envelope(Code.success, "Success", data: ["endpoints": .array(endpoints)])
            }
        }
        group.get("events") { request, context in
            try await gateway.serve(self, request, context) { call in
                Self.envelope(Code.success, "Success",
                              data: ["events": .strings(call.account.eventCatalogue.map(\.name))])
            }
        }
        group.put("endpoint/{id}") { request, context in
            try await gateway.serve(self, request, context) { call in
                try await update(call, state: gateway.state)
            }
        }
    }

    private func update(_ call: VendorCall, state: SandboxState) async throws -> VendorReply {
        let id = call.parameter("id")
        guard await call.hasWebhook(id) else {
            return Self.envelope(Code.notFound, "Record not found").rejection
        }
        switch Self.validate(call.body, catalogue: call.account.eventCatalogue.map(\.name)) {
        case .failure(let failure):
            return Self.envelope(Code.parameterError, "Parameter error: \(failure.message)").rejection
        case .success(let patch):
            guard let webhook = await state.update(vendor: vendor, account: call.account.name, id: id, patch: patch) else {
                return Self.envelope(Code.notFound, "Record not found").rejection
            }
            return Self.envelope(Code.success, "Success", data: Self.render(webhook, username: call.account.username))
                .written
        }
    }

    /// `url` (https URI), `status` (enabled|disabled) and `events` (known names) are all required.
    static func validate(_ body: JSONValue?, catalogue: [String]) -> Result<SandboxWebhookPatch, ValidationFailure> {
        guard let object = body?.objectValue else { return .failure("request body must be a JSON object") }
        for field in ["url", "status", "events"] where object[field] == nil || object[field] == .null {
            return .failure("\(field) is required")
        }
        guard let url = object["url"]?.stringValue, WebURL.isValid(url) else { return .failure("url must be a valid URI") }
        guard WebURL.isHTTPS(url) else { return .failure("url must use https") }
        guard let status = object["status"]?.stringValue, ["enabled", "disabled"].contains(status) else {
            return .failure("status must be one of enabled, disabled")
        }
        guard let events = object["events"]?.stringArrayValue else { return .failure("events must be an array of strings") }
        if let unknown = events.first(where: { !catalogue.contains($0) }) {
            return .failure("events contains an unknown event type '\(unknown)'")
        }
        return .success(SandboxWebhookPatch(url: url, events: .list(events), enabled: status == "enabled"))
    }

    /// Jogg's WebhookEndpoint.
    static func render(_ webhook: SandboxWebhook, username: String) -> JSONValue {
        [
            "endpoint_id": .string(webhook.id),
            "url": .string(webhook.url),
            "secret": .optional(webhook.secret),
            "status": webhook.enabled ? "enabled" : "disabled",
            "events": .strings(webhook.events ?? []),
            "username": .string(username),
            "created_at": .int(webhook.createdAt),
        ]
    }
}
