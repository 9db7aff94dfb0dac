import RehookModel

/// HeyGen v1: success is body `code: 100`; `PATCH /v1/webhook/endpoint.update` with
/// `endpoint_id` in the body and `events: null` for all events.
struct HeyGenAdapter: RegisteredAdapter {
    static let registeredVendor = VendorID.heygen
    let connection: VendorConnection

    init(_ connection: VendorConnection) { self.connection = connection }

    static let success = 100

    static let dialect = ErrorDialect(
        message: { body in
            ErrorDialect.firstString(body, "message", "msg")
                ?? (try? body["error"]["message"].string()) ?? (try? body["error"].string())
        },
        bodyFailure: { body, httpStatus in
            guard let code = try? body["code"].int(), code != success else { return nil }
            let words = ErrorDialect.firstString(body, "message", "msg") ?? "no message"
            return ErrorDialect.BodyFailure(kind: kind(forCode: code, httpStatus: httpStatus),
                                            message: "code \(code): \(words)")
        })

    /// HeyGen's body codes; anything unknown falls back on the HTTP status.
    static func kind(forCode code: Int, httpStatus: Int) -> VendorError.Kind {
        switch code {
        case 400131: .notFound
        case 400542: .rejected(status: 400)
        default: httpStatus >= 400 ? VendorConnection.kind(forStatus: httpStatus) : .rejected(status: 400)
        }
    }

    func listWebhooks() async throws(VendorError) -> [Webhook] {
        let call = "GET /v1/webhook/endpoint.list"
        let body = try await connection.send(.get, "/v1/webhook/endpoint.list")
        return try connection.decoding(call) { () throws(JSONShapeError) in
            let data = body["data"]
            // `data` is documented as an array; some responses wrap it as `data.endpoints`.
            let items = if case .object? = data.value { try data["endpoints"].array() } else { try data.array() }
            var webhooks: [Webhook] = []
            for item in items { webhooks.append(try decode(item)) }
            return webhooks
        }
    }

    func eventCatalogue() async throws(VendorError) -> Set<String> {
        let body = try await connection.send(.get, "/v1/webhook/webhook.list")
        return try connection.decoding("GET /v1/webhook/webhook.list") { () throws(JSONShapeError) in
            Set(try body["data"].stringArray())
        }
    }

    func update(_ live: Webhook, changes: [FieldName: FieldValue], secrets: any SecretResolving)
        async throws(VendorError) -> Webhook {
        let path = "/v1/webhook/endpoint.update"
        let call = "PATCH \(path)"
        let change = try changeSet(changes, call: call)
        var members = [JSONMember("endpoint_id", .string(live.id))]
        if let url = try change.string(.url) { members.append(JSONMember("url", .string(url))) }
        if let events = try change.events() {
            members.append(JSONMember("events", events.names.map(JSONValue.strings) ?? .null))
        }
        let reply = try await connection.send(.patch, path, body: .object(members))
        return try connection.decoding(call) { () throws(JSONShapeError) in try decode(reply["data"]) }
    }

    /// One endpoint; `events: null` is "all events"; `secret` is dropped here.
    private func decode(_ node: JSONNode) throws(JSONShapeError) -> Webhook {
        let events: EventSelection = node["events"].isAbsent ? .all : .list(try node["events"].stringArray())
        var extras: [FieldName: FieldValue] = [:]
        if let username = try node["username"].optionalString() { extras[.username] = .string(username) }
        let enabled = node["status"].isAbsent ? nil : try node["status"].oneOf(["enabled", "disabled"]) == "enabled"
        return Webhook(vendor: .heygen, account: account, id: try node["endpoint_id"].string(),
                       url: try node["url"].string(), events: events, enabled: enabled, extras: extras)
    }
}
