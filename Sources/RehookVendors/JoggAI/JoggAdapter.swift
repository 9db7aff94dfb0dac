import RehookModel

/// JoggAI v2: outcome in the body `code`; `PUT /v2/endpoint/{id}` with the full `{url, status, events}`.
struct JoggAdapter: RegisteredAdapter {
    static let registeredVendor = VendorID.jogg
    let connection: VendorConnection

    init(_ connection: VendorConnection) { self.connection = connection }

    static let dialect = ErrorDialect(
        message: { ErrorDialect.firstString($0, "msg", "message") },
        bodyFailure: { body, httpStatus in
            guard let code = try? body["code"].int(), code != 0 else { return nil }
            let words = ErrorDialect.firstString(body, "msg", "message") ?? "no message"
            return ErrorDialect.BodyFailure(kind: kind(forCode: code, httpStatus: httpStatus),
                                            message: "code \(code): \(words)")
        })

    /// Jogg's business codes (CONTRACT.md, JoggAI section).
    static func kind(forCode code: Int, httpStatus: Int) -> VendorError.Kind {
        switch code {
        case 429: .rateLimited(retryAfter: nil)
        case 10104: .notFound
        case 10105, 18025: .unauthorized
        case 50000: .server(status: 500)
        default: .rejected(status: httpStatus >= 400 ? httpStatus : 400)
        }
    }

    func listWebhooks() async throws(VendorError) -> [Webhook] {
        let body = try await connection.send(.get, "/v2/endpoints")
        return try connection.decoding("GET /v2/endpoints") { () throws(JSONShapeError) in
            var webhooks: [Webhook] = []
            for item in try body["data"]["endpoints"].array() { webhooks.append(try decode(item)) }
            return webhooks
        }
    }

    func eventCatalogue() async throws(VendorError) -> Set<String> {
        let body = try await connection.send(.get, "/v2/events")
        return try connection.decoding("GET /v2/events") { () throws(JSONShapeError) in
            Set(try body["data"]["events"].stringArray())
        }
    }

    func update(_ live: Webhook, changes: [FieldName: FieldValue], secrets: any SecretResolving)
        async throws(VendorError) -> Webhook {
        let path = "/v2/endpoint/\(pathSegment(live.id))"
        let call = "PUT \(path)"
        let change = try changeSet(changes, call: call)
        guard let enabled = try change.bool(.enabled) ?? live.enabled else {
            throw connection.failure(.invalidRequest, call, "the live endpoint has no status to carry over")
        }
        let body = JSONValue.object([
            JSONMember("url", .string(try change.string(.url) ?? live.url)),
            JSONMember("status", .string(enabled ? "enabled" : "disabled")),
            JSONMember("events", .strings(try change.eventNames(carrying: live.events))),
        ])
        let reply = try await connection.send(.put, path, body: body)
        return try connection.decoding(call) { () throws(JSONShapeError) in try decode(reply["data"]) }
    }

    /// One WebhookEndpoint; its `secret` is dropped here.
    private func decode(_ node: JSONNode) throws(JSONShapeError) -> Webhook {
        var extras: [FieldName: FieldValue] = [:]
        if let username = try node["username"].optionalString() { extras[.username] = .string(username) }
        return Webhook(vendor: .jogg, account: account, id: try node["endpoint_id"].string(),
                       url: try node["url"].string(), events: .list(try node["events"].stringArray()),
                       enabled: try node["status"].oneOf(["enabled", "disabled"]) == "enabled", extras: extras)
    }
}
