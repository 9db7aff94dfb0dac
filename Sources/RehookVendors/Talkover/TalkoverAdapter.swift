import RehookModel

/// Talkover: webhooks live under agents. Lists agents page by page, then every agent's
/// webhooks at once (the account's pipeline paces them); `PUT /agents/{agent}/webhooks/{id}`
/// with only the changed fields. The event catalogue comes with each agent's listing, so a
/// catalogue asked for after a listing reuses it rather than listing every agent again.
struct TalkoverAdapter: RegisteredAdapter {
    static let registeredVendor = VendorID.talkover
    let connection: VendorConnection
    /// The events the last listing reported (`available_events` of every agent).
    private let listedEvents = Locked<Set<String>?>(nil)

    init(_ connection: VendorConnection) { self.connection = connection }

    static let pageSize = 100

    /// Errors are `{message}` (401), `{success:false, message}` (404) and
    /// `{message, errors: {field: [text]}}` (422), the field errors folded in.
    static let dialect = ErrorDialect(message: { body in
        var parts: [String] = []
        if let message = ErrorDialect.firstString(body, "message", "error") { parts.append(message) }
        let errors = body["errors"]
        for field in (try? errors.objectKeys()) ?? [] {
            let texts = (try? errors[field].stringArray()) ?? ((try? errors[field].string()).map { [$0] } ?? [])
            parts.append("\(field): " + texts.joined(separator: " "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    })

    /// An agent and what its webhook listing said.
    private struct AgentListing {
        var webhooks: [Webhook]
        var availableEvents: [String]
    }

    func listWebhooks() async throws(VendorError) -> [Webhook] {
        let listings = try await agentListings()
        listedEvents.withLock { $0 = Set(listings.flatMap(\.availableEvents)) }
        return listings.flatMap(\.webhooks)
    }

    var catalogueFollowsListing: Bool { true }

    /// The agents, then every agent's webhooks.
    var listingRoundTrips: Int { 2 }

    func eventCatalogue() async throws(VendorError) -> Set<String> {
        if let events = listedEvents.withLock({ $0 }) { return events }
        return Set(try await agentListings().flatMap(\.availableEvents))
    }

    /// Every agent's listing, in the order the agents were listed; the first failure is thrown.
    private func agentListings() async throws(VendorError) -> [AgentListing] {
        let agents = try await agents()
        var results: [Int: Result<AgentListing, VendorError>] = [:]
        await withTaskGroup(of: (Int, Result<AgentListing, VendorError>).self) { group in
            for (index, agent) in agents.enumerated() {
                group.addTask { (index, await listingResult(of: agent)) }
            }
            for await (index, result) in group { results[index] = result }
        }
        var listings: [AgentListing] = []
        for index in agents.indices {
            if let result = results[index] { listings.append(try result.get()) }
        }
        return listings
    }

    private func listingResult(of agent: (id: String, name: String?)) async -> Result<AgentListing, VendorError> {
        do throws(VendorError) {
            return .success(try await listing(of: agent))
        } catch {
            return .failure(error)
        }
    }

    func update(_ live: Webhook, changes: [FieldName: FieldValue], secrets: any SecretResolving)
        async throws(VendorError) -> Webhook {
        guard let agentID = live.parentID else {
            throw connection.failure(.invalidRequest, "PUT /agents/?/webhooks/\(live.id)", "the webhook has no agent id")
        }
        let path = "/agents/\(pathSegment(agentID))/webhooks/\(pathSegment(live.id))"
        let call = "PUT \(path)"
        let change = try changeSet(changes, call: call)
        var members: [JSONMember] = []
        var sentSecrets: [String] = []
        for field in change.fields {
            guard let native = VendorSchema.of(.talkover).spec(field)?.nativeName else { continue }
            let value: JSONValue
            switch field {
            case .timeout, .maxRetries: value = .int(try change.int(field) ?? 0)
            case .enabled: value = .bool(try change.bool(field) ?? false)
            case .events: value = .strings(try change.eventNames(carrying: live.events))
            case .headers: value = try customHeaders(change.strings(field) ?? [], call: call)
            case .secret:
                let secret = try change.secret(field, using: secrets) ?? ""
                sentSecrets.append(secret)
                value = .string(secret)
            default: value = .string(try change.string(field) ?? "")
            }
            members.append(JSONMember(native, value))
        }
        let reply = try await connection.send(.put, path, body: .object(members), extraSecrets: sentSecrets)
        return try connection.decoding(call) { () throws(JSONShapeError) in
            try decode(reply["data"], agentID: agentID, agentName: live.extras[.agentName])
        }
    }

    /// `"Name: value"` strings → `[{key, value}]`.
    private func customHeaders(_ lines: [String], call: String) throws(VendorError) -> JSONValue {
        var items: [JSONValue] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":"),
                  case let name = line[..<colon].trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw connection.failure(.invalidRequest, call, "header \"\(line)\" is not of the form \"Name: value\"")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            items.append(.object([JSONMember("key", .string(name)), JSONMember("value", .string(value))]))
        }
        return .array(items)
    }

    /// Every agent as (id, name), following `meta.current_page`/`last_page`.
    private func agents() async throws(VendorError) -> [(id: String, name: String?)] {
        var agents: [(id: String, name: String?)] = []
        for page in 1...VendorAdapters.pageLimit {
            let query = [("page", String(page)), ("per_page", String(Self.pageSize))]
            let call = "GET /agents" + VendorConnection.queryString(query)
            let body = try await connection.send(.get, "/agents", query: query)
            let done = try connection.decoding(call) { () throws(JSONShapeError) in
                for item in try body["data"].array() {
                    agents.append((try item["id"].string(), try item["name"].optionalString()))
                }
                return try body["meta"]["current_page"].int() >= body["meta"]["last_page"].int()
            }
            if done { return agents }
        }
        throw connection.failure(.malformedResponse, "GET /agents",
                                 "still paging after \(VendorAdapters.pageLimit) pages; giving up")
    }

    private func listing(of agent: (id: String, name: String?)) async throws(VendorError) -> AgentListing {
        let path = "/agents/\(pathSegment(agent.id))/webhooks"
        let body = try await connection.send(.get, path)
        return try connection.decoding("GET \(path)") { () throws(JSONShapeError) in
            var webhooks: [Webhook] = []
            for item in try body["data"]["webhooks"].array() {
                webhooks.append(try decode(item, agentID: agent.id, agentName: agent.name.map(FieldValue.string)))
            }
            let events = body["data"]["available_events"]
            return AgentListing(webhooks: webhooks, availableEvents: events.isAbsent ? [] : try events.objectKeys())
        }
    }

    /// One webhook; the agent comes from the response when present, else from where it was listed.
    private func decode(_ node: JSONNode, agentID: String, agentName: FieldValue?) throws(JSONShapeError) -> Webhook {
        var extras: [FieldName: FieldValue] = [:]
        extras[.agentName] = agentName
        if let name = try node["name"].optionalString() { extras[.name] = .string(name) }
        if let timeout = try node["timeout"].optionalInt() { extras[.timeout] = .int(timeout) }
        if let retries = try node["max_retries"].optionalInt() { extras[.maxRetries] = .int(retries) }
        return Webhook(vendor: .talkover, account: account, id: try node["id"].string(),
                       parentID: try node["agent_id"].optionalString() ?? agentID,
                       url: try node["webhook_url"].string(), events: .list(try node["events"].stringArray()),
                       enabled: try node["enabled"].bool(), extras: extras)
    }
}
