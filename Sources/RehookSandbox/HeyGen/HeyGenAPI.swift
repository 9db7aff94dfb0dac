import Hummingbird
import RehookModel

/// HeyGen v1 under `/heygen`: `GET /v1/webhook/endpoint.list`, `GET /v1/webhook/webhook.list`,
/// `PATCH /v1/webhook/endpoint.update` with `{endpoint_id, url?, events?}` (`events: null` =
/// all events). Answers are `{code, data, msg, message}` with `code: 100` for success.
struct HeyGenAPI: VendorAPI {
    let vendor = VendorID.heygen

    enum Code {
        static let success = 100
        static let invalidParameter = 400100
        static let unauthorized = 400112
        static let notFound = 400131
        static let invalidURL = 400542
        static let rateLimited = 400429
        static let serverError = 500000
    }

    func credential(in headers: HTTPFields) -> String? { apiKeyHeader(in: headers) }

    static func envelope(_ status: HTTPResponse.Status, _ code: Int, data: JSONValue = .null,
                         message: String? = nil) -> VendorReply {
        VendorReply(status, ["code": .int(code), "data": data, "msg": .optional(message), "message": .optional(message)])
    }

    func unauthorized(keyMissing: Bool) -> VendorReply {
        Self.envelope(.unauthorized, Code.unauthorized, message: keyMissing ? "Missing API key" : "Unauthorized")
    }

    func rateLimited(retryAfter: Int) -> VendorReply {
        var reply = Self.envelope(.tooManyRequests, Code.rateLimited, message: "Rate limit exceeded")
        reply.headers = retryAfterHeader(retryAfter)
        return reply
    }

    func serverError(status: Int) -> VendorReply {
        Self.envelope(.init(code: status), Code.serverError, message: "Internal server error")
    }

    func register(on router: Router<SandboxRequestContext>, gateway: VendorGateway) {
        let group = router.group("heygen/v1/webhook")
        group.get("endpoint.list") { request, context in
            try await gateway.serve(self, request, context) { call in
                Self.envelope(.ok, Code.success, data: .array(await call.webhooks().map { Self.render($0, call.account) }))
            }
        }
        group.get("webhook.list") { request, context in
            try await gateway.serve(self, request, context) { call in
                Self.envelope(.ok, Code.success, data: .strings(call.account.eventCatalogue.map(\.name)))
            }
        }
        group.patch("endpoint.update") { request, context in
            try await gateway.serve(self, request, context) { call in
                try await update(call, state: gateway.state)
            }
        }
    }

    private func update(_ call: VendorCall, state: SandboxState) async throws -> VendorReply {
        guard let object = call.body?.objectValue else {
            return Self.envelope(.badRequest, Code.invalidParameter, message: "Request body must be a JSON object").rejection
        }
        guard let id = object["endpoint_id"]?.stringValue, !id.isEmpty else {
            return Self.envelope(.badRequest, Code.invalidParameter, message: "endpoint_id is required").rejection
        }
        guard await call.hasWebhook(id) else {
            return Self.envelope(.notFound, Code.notFound, message: "Webhook endpoint not found").rejection
        }
        var patch = SandboxWebhookPatch()
        if let value = object["url"], value != .null {
            guard let url = value.stringValue, WebURL.isPublicHTTPS(url) else {
                return Self.envelope(.badRequest, Code.invalidURL, message: "Url of this webhook endpoint is invalid")
                    .rejection
            }
            patch.url = url
        }
        switch object["events"] {
        case nil: break
        case .null?: patch.events = .all
        case let value?:
            guard let events = value.stringArrayValue else {
                return Self.envelope(.badRequest, Code.invalidParameter, message: "events must be a list of strings or null")
                    .rejection
            }
            let catalogue = Set(call.account.eventCatalogue.map(\.name))
            if let unknown = events.first(where: { !catalogue.contains($0) }) {
                return Self.envelope(.badRequest, Code.invalidParameter, message: "Invalid event type: \(unknown)").rejection
            }
            patch.events = .list(events)
        }
        guard let webhook = await state.update(vendor: vendor, account: call.account.name, id: id, patch: patch) else {
            return Self.envelope(.notFound, Code.notFound, message: "Webhook endpoint not found").rejection
        }
        return Self.envelope(.ok, Code.success, data: Self.render(webhook, call.account)).written
    }

    /// HeyGen's endpoint object; `events: null` means all events.
    static func render(_ webhook: SandboxWebhook, _ account: SandboxAccountProfile) -> JSONValue {
        [
            "endpoint_id": .string(webhook.id),
            "url": .string(webhook.url),
            "events": webhook.events.map(JSONValue.strings) ?? .null,
            "status": webhook.enabled ? "enabled" : "disabled",
            "secret": .optional(webhook.secret),
            "username": .string(account.username),
            "created_at": .string(String(ISOTime.string(webhook.createdAt).dropLast())),
            "entity_id": .null,
            "space_id": .string(account.username),
        ]
    }
}
