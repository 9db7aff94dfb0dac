/// Composio examples from composio-update-subscription.md and CONTRACT.md.
enum ComposioFixtures {
    static func item(_ id: String, url: String = "https://old.acme.com/composio") -> String {
        """
        {"id": "\(id)", "webhook_url": "\(url)", "version": "V1",
         "enabled_events": ["composio.trigger.message"], "secret": "whsec_****abcd",
         "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}
        """
    }

    static func page(_ ids: [String], next: String?) -> String {
        let cursor = next.map { "\"\($0)\"" } ?? "null"
        return #"{"items": [\#(ids.map { item($0) }.joined(separator: ","))], "next_cursor": \#(cursor), "current_page": 1, "total_items": 3}"#
    }

    static let updated = item("ws_1", url: "https://hooks.acme.dev/composio")

    static let eventTypes = """
    {"items": [{"event_type": "composio.trigger.message", "description": "A trigger fired", "supported_versions": ["V1", "V2", "V3"]},
               {"event_type": "composio.connected_account.expired", "description": "Expired", "supported_versions": ["V3"]}]}
    """

    static let invalid = """
    {"error": {"message": "webhook_url must use https", "code": 400, "slug": "invalid_request", "status": 400,
     "request_id": "req_1", "suggested_fix": "Use an https:// URL for webhook_url", "errors": ["webhook_url: not https"]}}
    """
    static let notFound = """
    {"error": {"message": "Webhook subscription not found", "code": 404, "slug": "not_found", "status": 404}}
    """
    static let unauthorized = """
    {"error": {"message": "Invalid API key", "code": 401, "slug": "unauthorized", "status": 401,
     "suggested_fix": "Check the x-api-key header"}}
    """
}
