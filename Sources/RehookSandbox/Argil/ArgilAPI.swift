import Foundation
import Hummingbird
import RehookModel

/// Argil v1 under `/argil/v1`: `GET /webhooks` (bare array), `PUT /webhooks/{id}` with exactly
/// `{callbackUrl, events}`. Errors are `{code, message}`.
struct ArgilAPI: VendorAPI {
    let vendor = VendorID.argil

    func credential(in headers: HTTPFields) -> String? { apiKeyHeader(in: headers) }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> VendorReply {
        VendorReply(status, ["code": .int(status.code), "message": .string(message)])
    }

    func unauthorized(keyMissing: Bool) -> VendorReply {
        Self.error(.unauthorized, keyMissing ? "Missing API key" : "Invalid API key")
    }

    func rateLimited(retryAfter: Int) -> VendorReply {
        var reply = Self.error(.tooManyRequests, "Too many requests, please retry later")
        reply.headers = retryAfterHeader(retryAfter)
        return reply
    }

    func serverError(status: Int) -> VendorReply {
        Self.error(.init(code: status), "Internal server error")
    }

    func register(on router: Router<SandboxRequestContext>, gateway: VendorGateway) {
        let group = router.group("argil/v1")
        group.get("webhooks") { request, context in
            try await gateway.serve(self, request, context) { call in
                VendorReply(.ok, .array(await call.webhooks().map { Self.render($0, createdKey: "createdAt") }))
            }
        }
        group.put("webhooks/{id}") { request, context in
            try await gateway.serve(self, request, context) { call in
                try await update(call, state: gateway.state)
            }
        }
    }

    private func update(_ call: VendorCall, state: SandboxState) async throws -> VendorReply {
        switch Self.validate(call.body) {
        case .failure(let failure):
            return Self.error(.badRequest, failure.message).rejection
        case .success(let patch):
            let id = call.parameter("id")
            guard let webhook = await state.update(vendor: vendor, account: call.account.name, id: id, patch: patch) else {
                return Self.error(.notFound, "Webhook not found").rejection
            }
            return VendorReply(.ok, Self.render(webhook, createdKey: "createAt"), effect: .write)
        }
    }

    /// The body schema: an object with exactly `callbackUrl` (string) and `events` (1+ of the
    /// closed set), `additionalProperties: false`.
    static func validate(_ body: JSONValue?) -> Result<SandboxWebhookPatch, ValidationFailure> {
        guard let object = body?.objectValue else { return .failure("body must be a JSON object") }
        if let extra = object.keys.sorted().first(where: { $0 != "callbackUrl" && $0 != "events" }) {
            return .failure("body/\(extra) must NOT have additional properties")
        }
        guard let urlValue = object["callbackUrl"] else { return .failure("body must have required property 'callbackUrl'") }
        guard let url = urlValue.stringValue, !url.isEmpty else { return .failure("body/callbackUrl must be a non-empty string") }
        guard let eventsValue = object["events"] else { return .failure("body must have required property 'events'") }
        guard let events = eventsValue.stringArrayValue else { return .failure("body/events must be an array of strings") }
        guard !events.isEmpty else { return .failure("body/events must NOT have fewer than 1 items") }
        if let (index, unknown) = events.enumerated().first(where: { !VendorSchema.argilEvents.contains($0.element) }) {
            let allowed = VendorSchema.argilEvents.joined(separator: ", ")
            return .failure("body/events/\(index) '\(unknown)' must be equal to one of the allowed values: \(allowed)")
        }
        return .success(SandboxWebhookPatch(url: url, events: .list(events)))
    }

    /// Argil's Webhook object; the list spells `createdAt`, the update response `createAt`.
    static func render(_ webhook: SandboxWebhook, createdKey: String) -> JSONValue {
        [
            "id": .string(webhook.id),
            "callbackUrl": .string(webhook.url),
            "events": .strings(webhook.events ?? VendorSchema.argilEvents),
            createdKey: .string(ISOTime.string(webhook.createdAt)),
            "updatedAt": .string(ISOTime.string(webhook.updatedAt)),
            "lastTriggeredAt": .null,
        ]
    }
}

/// A validation message, for `Result`.
struct ValidationFailure: Error, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    let message: String
    init(stringLiteral value: String) { message = value }
    init(_ message: String) { self.message = message }
}

/// Timestamp spellings.
enum ISOTime {
    /// `2023-11-07T05:31:56Z`.
    static func string(_ unixSeconds: Int) -> String {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds)).formatted(.iso8601)
    }
}
