/// Talkover examples from talkover-update-webhook.md and CONTRACT.md.
enum TalkoverFixtures {
    static let agentID = "9fbef0b7-8d4e-4a08-9207-66c22155721d"
    static let webhookID = "9fcafbf2-7593-44d6-8cd7-1b221beba62a"

    static func agentsPage(_ page: Int, of last: Int, agents: [(String, String)]) -> String {
        let items = agents.map { #"{"id": "\#($0.0)", "name": "\#($0.1)", "status": "active"}"# }
        return """
        {"success": true, "data": [\(items.joined(separator: ","))],
         "meta": {"current_page": \(page), "per_page": 100, "total": 3, "last_page": \(last)}}
        """
    }

    static func webhooks(agent: String, ids: [String]) -> String {
        let items = ids.map { id in
            """
            {"id": "\(id)", "agent_id": "\(agent)", "name": "CRM sync \(id)", "webhook_url": "https://old.acme.com/t/\(id)",
             "events": ["event_phone_call_started"], "timeout": 30, "max_retries": 3, "enabled": true,
             "created_at": "2025-09-03T23:19:51.000000Z", "updated_at": "2025-09-03T23:19:51.000000Z",
             "events_count": 1, "status": "active"}
            """
        }
        return """
        {"success": true, "data": {"webhooks": [\(items.joined(separator: ","))],
         "available_events": {"event_phone_call_started": "A call started",
                              "event_conversation_started": "A conversation started"}}}
        """
    }

    /// UPDATE 200, the documented example.
    static let updated = """
    {
      "success": true,
      "message": "Webhook updated successfully",
      "data": {
        "id": "9fcafbf2-7593-44d6-8cd7-1b221beba62a",
        "agent_id": "9fbef0b7-8d4e-4a08-9207-66c22155721d",
        "name": "Updated Webhook Name",
        "webhook_url": "https://newexample.com/webhook",
        "events": ["event_phone_call_started", "event_conversation_started"],
        "timeout": 45,
        "max_retries": 5,
        "enabled": false,
        "created_at": "2025-09-03T23:19:51.000000Z",
        "updated_at": "2025-09-03T23:45:30.000000Z",
        "events_count": 2,
        "status": "disabled"
      }
    }
    """

    static let unauthorized = #"{"message": "Missing Bearer Token"}"#
    static let agentNotFound = #"{"success": false, "message": "Agent not found in this environment."}"#
    static let webhookNotFound = #"{"success": false, "message": "Webhook not found."}"#
    static let validation = """
    {
      "message": "The given data was invalid.",
      "errors": {
        "webhook_url": ["The webhook url must be a valid URL."],
        "events": ["The events field must contain at least 1 items."]
      }
    }
    """
}
