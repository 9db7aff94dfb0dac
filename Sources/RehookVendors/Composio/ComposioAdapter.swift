import RehookModel

/// Composio v3: cursor-paged subscriptions; `PATCH /api/v3/webhook_subscriptions/{id}` with
/// only the changed fields among `{webhook_url, enabled_events, version}`.
struct ComposioAdapter: RegisteredAdapter {
    static let registeredVendor = VendorID.composio
    let connection: VendorConnection

    init(_ connection: VendorConnection) { self.connection = connection }

    static let collection = "/api/v3/webhook_subscriptions"
    static let pageSize = 100

    /// Errors are `{error: {message, suggested_fix?, errors?}}`; all three are folded in.
    static let dialect = ErrorDialect(message: { body in
        let error = body["error"]
        guard let message = (try? error["message"].string()) ?? ErrorDialect.firstString(body, "message") else {
            return nil
        }
        var text = message
        if let details = try? error["errors"].stringArray(), !details.isEmpty {
            text += " (" + details.joined(separator: "; ") + ")"
        }
        if let fix = try? error["suggested_fix"].string(), !fix.isEmpty { text += "; suggested fix: " + fix }
        return text
    })

    func listWebhooks() async throws(VendorError) -> [Webhook] {
        var webhooks: [Webhook] = []
        var cursor: String?
        var seenCursors: Set<String> = []
        for _ in 0..<VendorAdapters.pageLimit {
            var query = [("limit", String(Self.pageSize))]
            if let cursor { query.append(("cursor", cursor)) }
            let call = "GET \(Self.collection)" + VendorConnection.queryString(query)
            let page = try await connection.send(.get, Self.collection, query: query)
            let next = try connection.decoding(call) { () throws(JSONShapeError) in
                for item in try page["items"].array() { webhooks.append(try decode(item)) }
                return try page["next_cursor"].optionalString()
            }
            guard let next else { return webhooks }
            guard seenCursors.insert(next).inserted else {
                throw connection.failure(.malformedResponse, call, "next_cursor \"\(next)\" was already followed (paging loops)")
            }
            cursor = next
        }
        throw connection.failure(.malformedResponse, "GET \(Self.collection)",
                                 "still paging after \(VendorAdapters.pageLimit) pages; giving up")
    }

    func eventCatalogue() async throws(VendorError) -> Set<String> {
        let path = Self.collection + "/event_types"
        let body = try await connection.send(.get, path)
        return try connection.decoding("GET \(path)") { () throws(JSONShapeError) in
            var names: Set<String> = []
            for item in try body["items"].array() { names.insert(try item["event_type"].string()) }
            return names
        }
    }

    func update(_ live: Webhook, changes: [FieldName: FieldValue], secrets: any SecretResolving)
        async throws(VendorError) -> Webhook {
        let path = "\(Self.collection)/\(pathSegment(live.id))"
        let call = "PATCH \(path)"
        let change = try changeSet(changes, call: call)
        var members: [JSONMember] = []
        if let url = try change.string(.url) { members.append(JSONMember("webhook_url", .string(url))) }
        if let events = try change.events()?.names { members.append(JSONMember("enabled_events", .strings(events))) }
        if let version = try change.string(.version) { members.append(JSONMember("version", .string(version))) }
        let reply = try await connection.send(.patch, path, body: .object(members))
        return try connection.decoding(call) { () throws(JSONShapeError) in try decode(reply) }
    }

    /// One subscription; the masked `secret` is dropped here, so it never shows as a change.
    private func decode(_ node: JSONNode) throws(JSONShapeError) -> Webhook {
        Webhook(vendor: .composio, account: account, id: try node["id"].string(),
                url: try node["webhook_url"].string(), events: .list(try node["enabled_events"].stringArray()),
                extras: [.version: .string(try node["version"].string())])
    }
}
