import HTTPTypes
import Hummingbird
import RehookModel

/// Composio v3 under `/composio`: `GET /api/v3/webhook_subscriptions?limit&cursor`,
/// `GET /api/v3/webhook_subscriptions/event_types`, `PATCH /api/v3/webhook_subscriptions/{id}`.
/// Errors are `{error: {message, code, slug, status, request_id, suggested_fix, errors?}}`;
/// secrets are masked on output.
struct ComposioAPI: VendorAPI {
    let vendor = VendorID.composio
    let defaultPageSize: Int

    func credential(in headers: HTTPFields) -> String? {
        apiKeyHeader(in: headers) ?? headerValue("x-user-api-key", in: headers)
    }

    static func error(_ status: HTTPResponse.Status, slug: String, _ message: String, fix: String,
                      errors: [String] = []) -> VendorReply {
        var body: [String: JSONValue] = [
            "message": .string(message), "code": .int(status.code), "slug": .string(slug),
            "status": .int(status.code), "request_id": .string("req_sbx_\(StableDigestTag.of(message))"),
            "suggested_fix": .string(fix),
        ]
        if !errors.isEmpty { body["errors"] = .strings(errors) }
        return VendorReply(status, ["error": .object(body)])
    }

    static func invalid(_ message: String, fix: String) -> VendorReply {
        error(.badRequest, slug: "BAD_REQUEST", message, fix: fix, errors: [message]).rejection
    }

    func unauthorized(keyMissing: Bool) -> VendorReply {
        Self.error(.unauthorized, slug: "UNAUTHORIZED", keyMissing ? "API key is missing" : "API key is invalid",
                   fix: "Send a valid project API key in the x-api-key header")
    }

    func rateLimited(retryAfter: Int) -> VendorReply {
        var reply = Self.error(.tooManyRequests, slug: "RATE_LIMIT_EXCEEDED", "Rate limit exceeded",
                               fix: "Retry after \(retryAfter) seconds")
        reply.headers = retryAfterHeader(retryAfter)
        if let remaining = HTTPField.Name("x-ratelimit-remaining") { reply.headers[remaining] = "0" }
        return reply
    }

    func serverError(status: Int) -> VendorReply {
        Self.error(.init(code: status), slug: "INTERNAL_SERVER_ERROR", "Internal server error", fix: "Retry the request")
    }

    func register(on router: Router<SandboxRequestContext>, gateway: VendorGateway) {
        let group = router.group("composio/api/v3/webhook_subscriptions")
        group.get { request, context in
            try await gateway.serve(self, request, context) { call in await list(call) }
        }
        group.get("event_types") { request, context in
            try await gateway.serve(self, request, context) { call in
                VendorReply(.ok, ["items": .array(call.account.eventCatalogue.map { event in
                    ["event_type": .string(event.name), "description": .string(event.description),
                     "supported_versions": .strings(event.supportedVersions ?? VendorSchema.composioVersions)]
                })])
            }
        }
        group.patch("{id}") { request, context in
            try await gateway.serve(self, request, context) { call in
                try await update(call, state: gateway.state)
            }
        }
    }

    /// Cursors are opaque to clients: `cur_<offset>`.
    private func list(_ call: VendorCall) async -> VendorReply {
        let limit = call.query("limit").map { Int($0) } ?? defaultPageSize
        guard let limit, (1...100).contains(limit) else {
            return Self.invalid("limit must be an integer between 1 and 100", fix: "Pass limit=1..100")
        }
        var offset = 0
        if let cursor = call.query("cursor"), !cursor.isEmpty {
            guard cursor.hasPrefix("cur_"), let value = Int(cursor.dropFirst(4)), value >= 0 else {
                return Self.invalid("cursor '\(cursor)' is invalid", fix: "Pass the next_cursor of the previous page")
            }
            offset = value
        }
        let all = await call.webhooks()
        let start = min(offset, all.count)
        let end = min(all.count, start + limit)
        return VendorReply(.ok, [
            "items": .array(all[start..<end].map(Self.render)),
            "next_cursor": end < all.count ? .string("cur_\(end)") : .null,
            "current_page": .int(start / limit + 1),
            "total_items": .int(all.count),
        ])
    }

    private func update(_ call: VendorCall, state: SandboxState) async throws -> VendorReply {
        let id = call.parameter("id")
        guard await call.hasWebhook(id) else {
            return Self.error(.notFound, slug: "WEBHOOK_SUBSCRIPTION_NOT_FOUND", "Webhook subscription \(id) not found",
                              fix: "List webhook subscriptions to find a valid id").rejection
        }
        switch Self.validate(call.body, catalogue: Set(call.account.eventCatalogue.map(\.name))) {
        case .failure(let failure):
            return Self.invalid(failure.message, fix: "Send webhook_url (https), enabled_events or version (V1, V2, V3)")
        case .success(let patch):
            guard let webhook = await state.update(vendor: vendor, account: call.account.name, id: id, patch: patch) else {
                return Self.error(.notFound, slug: "WEBHOOK_SUBSCRIPTION_NOT_FOUND", "Webhook subscription \(id) not found",
                                  fix: "List webhook subscriptions to find a valid id").rejection
            }
            return VendorReply(.ok, Self.render(webhook), effect: .write)
        }
    }

    /// At least one of `webhook_url` (https URI), `enabled_events` (known types), `version`.
    static func validate(_ body: JSONValue?, catalogue: Set<String>) -> Result<SandboxWebhookPatch, ValidationFailure> {
        guard let object = body?.objectValue else { return .failure("Request body must be a JSON object") }
        var patch = SandboxWebhookPatch()
        if let value = object["webhook_url"] {
            guard let url = value.stringValue, WebURL.isValid(url) else { return .failure("webhook_url must be a valid URI") }
            guard WebURL.isHTTPS(url) else { return .failure("webhook_url must be an HTTPS URL") }
            patch.url = url
        }
        if let value = object["enabled_events"] {
            guard let events = value.stringArrayValue else { return .failure("enabled_events must be an array of strings") }
            if let unknown = events.first(where: { !catalogue.contains($0) }) {
                return .failure("enabled_events contains an unknown event type '\(unknown)'")
            }
            patch.events = .list(events)
        }
        if let value = object["version"] {
            guard let version = value.stringValue, VendorSchema.composioVersions.contains(version) else {
                return .failure("version must be one of \(VendorSchema.composioVersions.joined(separator: ", "))")
            }
            patch.version = version
        }
        guard patch.url != nil || patch.events != nil || patch.version != nil else {
            return .failure("At least one of webhook_url, enabled_events or version must be provided")
        }
        return .success(patch)
    }

    /// A subscription with its secret masked.
    static func render(_ webhook: SandboxWebhook) -> JSONValue {
        [
            "id": .string(webhook.id),
            "webhook_url": .string(webhook.url),
            "version": .string(webhook.version ?? "V3"),
            "enabled_events": .strings(webhook.events ?? []),
            "secret": .string(mask(webhook.secret)),
            "created_at": .string(ISOTime.string(webhook.createdAt)),
            "updated_at": .string(ISOTime.string(webhook.updatedAt)),
        ]
    }

    /// `whsec_****abcd`: the prefix up to `_` and the last four characters.
    static func mask(_ secret: String?) -> String {
        guard let secret, secret.count > 8 else { return "****" }
        let prefix = secret.firstIndex(of: "_").map { String(secret[...$0]) } ?? ""
        return prefix + "****" + String(secret.suffix(4))
    }
}

/// A short stable tag for request ids.
enum StableDigestTag {
    static func of(_ text: String) -> String { String(StableDigest.hex(of: text).prefix(12)) }
}
