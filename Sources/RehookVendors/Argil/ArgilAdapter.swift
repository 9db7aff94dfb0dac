import RehookModel

/// Argil: a bare array of webhooks; `PUT /webhooks/{id}` with exactly `{callbackUrl, events}`.
struct ArgilAdapter: RegisteredAdapter {
    static let registeredVendor = VendorID.argil
    let connection: VendorConnection

    init(_ connection: VendorConnection) { self.connection = connection }

    /// Errors are `{code, message}`.
    static let dialect = ErrorDialect(message: { ErrorDialect.firstString($0, "message", "error") })

    func listWebhooks() async throws(VendorError) -> [Webhook] {
        let call = "GET /webhooks"
        let body = try await connection.send(.get, "/webhooks")
        return try connection.decoding(call) { () throws(JSONShapeError) in
            var webhooks: [Webhook] = []
            for item in try body.array() { webhooks.append(try decode(item)) }
            return webhooks
        }
    }

    func eventCatalogue() async throws(VendorError) -> Set<String> {
        Set(VendorSchema.argilEvents)
    }

    func update(_ live: Webhook, changes: [FieldName: FieldValue], secrets: any SecretResolving)
        async throws(VendorError) -> Webhook {
        let path = "/webhooks/\(pathSegment(live.id))"
        let call = "PUT \(path)"
        let change = try changeSet(changes, call: call)
        let body = JSONValue.object([
            JSONMember("callbackUrl", .string(try change.string(.url) ?? live.url)),
            JSONMember("events", .strings(try change.eventNames(carrying: live.events))),
        ])
        let reply = try await connection.send(.put, path, body: body)
        return try connection.decoding(call) { () throws(JSONShapeError) in try decode(reply) }
    }

    /// One Argil webhook. `createdAt`/`createAt` and the other timestamps are not needed.
    private func decode(_ node: JSONNode) throws(JSONShapeError) -> Webhook {
        Webhook(vendor: .argil, account: account, id: try node["id"].string(),
                url: try node["callbackUrl"].string(), events: .list(try node["events"].stringArray()))
    }
}
