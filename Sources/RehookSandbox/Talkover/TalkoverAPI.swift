import Hummingbird
import RehookModel

/// Talkover v1 under `/talkover/api/v1`: `GET /agents?page&per_page` (with `meta`),
/// `GET /agents/{agent_id}/webhooks` (webhooks and `available_events`),
/// `PUT /agents/{agent_id}/webhooks/{webhook_id}` (partial update, Laravel-style 422s).
/// Credentials come as `Authorization: Bearer KEY`.
struct TalkoverAPI: VendorAPI {
    let vendor = VendorID.talkover
    let defaultPageSize: Int

    func credential(in headers: HTTPFields) -> String? {
        guard let value = headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
        let token = value.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func message(_ status: HTTPResponse.Status, _ text: String) -> VendorReply {
        VendorReply(status, ["message": .string(text)])
    }

    static func notFound(_ text: String) -> VendorReply {
        VendorReply(.notFound, ["success": false, "message": .string(text)]).rejection
    }

    static func invalid(_ errors: [String: [String]]) -> VendorReply {
        VendorReply(.unprocessableContent, [
            "message": "The given data was invalid.",
            "errors": .object(errors.mapValues { .strings($0) }),
        ]).rejection
    }

    func unauthorized(keyMissing: Bool) -> VendorReply {
        Self.message(.unauthorized, keyMissing ? "Missing Bearer Token" : "Invalid Bearer Token")
    }

    func rateLimited(retryAfter: Int) -> VendorReply {
        var reply = Self.message(.tooManyRequests, "Too Many Attempts.")
        reply.headers = retryAfterHeader(retryAfter)
        return reply
    }

    func serverError(status: Int) -> VendorReply {
        Self.message(.init(code: status), "Server Error")
    }

    func register(on router: Router<SandboxRequestContext>, gateway: VendorGateway) {
        let group = router.group("talkover/api/v1/agents")
        group.get { request, context in
            try await gateway.serve(self, request, context) { call in await listAgents(call) }
        }
        group.get("{agent_id}/webhooks") { request, context in
            try await gateway.serve(self, request, context) { call in
                guard let agent = await call.agents().first(where: { $0.id == call.parameter("agent_id") }) else {
                    return Self.notFound("Agent not found in this environment.")
                }
                let available = JSONValue.object(agent.eventCatalogue.mapValues(JSONValue.string))
                return VendorReply(.ok, ["success": true, "data": [
                    "webhooks": .array(agent.webhooks.map { Self.render($0, agentID: agent.id) }),
                    "available_events": available,
                ]])
            }
        }
        group.put("{agent_id}/webhooks/{webhook_id}") { request, context in
            try await gateway.serve(self, request, context) { call in
                try await update(call, state: gateway.state)
            }
        }
    }

    private func listAgents(_ call: VendorCall) async -> VendorReply {
        var errors: [String: [String]] = [:]
        let page = call.query("page").map { Int($0) } ?? 1
        let perPage = call.query("per_page").map { Int($0) } ?? defaultPageSize
        if page.map({ $0 < 1 }) ?? true { errors["page"] = ["The page field must be at least 1."] }
        if perPage.map({ !(1...100).contains($0) }) ?? true {
            errors["per_page"] = ["The per page field must be between 1 and 100."]
        }
        guard errors.isEmpty, let page, let perPage else { return Self.invalid(errors) }
        let agents = await call.agents()
        let lastPage = max(1, (agents.count + perPage - 1) / perPage)
        let start = min(agents.count, (page - 1) * perPage)
        let slice = agents[start..<min(agents.count, start + perPage)]
        return VendorReply(.ok, [
            "success": true,
            "data": .array(slice.map { agent in
                ["id": .string(agent.id), "name": .string(agent.name), "webhooks_count": .int(agent.webhooks.count)]
            }),
            "meta": ["current_page": .int(page), "per_page": .int(perPage), "total": .int(agents.count),
                     "last_page": .int(lastPage)],
        ])
    }

    private func update(_ call: VendorCall, state: SandboxState) async throws -> VendorReply {
        let agentID = call.parameter("agent_id")
        guard let agent = await call.agents().first(where: { $0.id == agentID }) else {
            return Self.notFound("Agent not found in this environment.")
        }
        let webhookID = call.parameter("webhook_id")
        guard agent.webhooks.contains(where: { $0.id == webhookID }) else { return Self.notFound("Webhook not found.") }
        let patch: SandboxWebhookPatch
        switch TalkoverValidation.validate(call.body, availableEvents: Set(agent.eventCatalogue.keys)) {
        case .failure(let failure): return Self.invalid(failure.errors)
        case .success(let valid): patch = valid
        }
        guard let webhook = await state.update(vendor: vendor, account: call.account.name, id: webhookID,
                                               agentID: agentID, patch: patch) else {
            return Self.notFound("Webhook not found.")
        }
        return VendorReply(.ok, ["success": true, "message": "Webhook updated successfully",
                                 "data": Self.render(webhook, agentID: agentID)], effect: .write)
    }

    /// A listed webhook: never the secret, method, authorization scheme, headers or templates.
    static func render(_ webhook: SandboxWebhook, agentID: String) -> JSONValue {
        let events = webhook.events ?? []
        return [
            "id": .string(webhook.id),
            "agent_id": .string(agentID),
            "name": .optional(webhook.name),
            "webhook_url": .string(webhook.url),
            "events": .strings(events),
            "timeout": .int(webhook.timeout ?? 30),
            "max_retries": .int(webhook.maxRetries ?? 3),
            "enabled": .bool(webhook.enabled),
            "created_at": .string(timestamp(webhook.createdAt)),
            "updated_at": .string(timestamp(webhook.updatedAt)),
            "events_count": .int(events.count),
            "status": webhook.enabled ? "enabled" : "disabled",
        ]
    }

    /// `2025-09-03T23:19:51.000000Z`.
    static func timestamp(_ unixSeconds: Int) -> String {
        String(ISOTime.string(unixSeconds).dropLast()) + ".000000Z"
    }
}
