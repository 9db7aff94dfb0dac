import RehookModel

/// Talkover under `/talkover/api/v1`: webhooks in agents, uuid ids, the richest settings.
enum TalkoverFake: VendorFake {
    static let vendor = VendorID.talkover
    static let pathPrefix = "/talkover/api/v1"
    static var catalogue: [SandboxEvent] { SandboxCatalogue.talkover }
    static let nestsWebhooksInAgents = true
    /// `per_page` when a listing gives none, unless `SandboxOptions.defaultPageSizes` says otherwise.
    static let defaultPageSize = 10

    static func api(_ options: SandboxOptions) -> any VendorAPI {
        TalkoverAPI(defaultPageSize: options.defaultPageSizes[vendor] ?? defaultPageSize)
    }

    static func drawIdentifier(_ maker: inout WebhookMaker) -> String { maker.uuid() }

    static func fillGenerated(_ webhook: inout SandboxWebhook, index: Int, _ maker: inout WebhookMaker) {
        webhook.events = maker.events(from: SandboxCatalogue.talkover.map(\.name))
        webhook.name = ["CRM sync", "Analytics", "Slack alerts", "Billing", "Data lake"][maker.int(in: 0...4)]
            + " \(index + 1)"
        webhook.timeout = [10, 15, 30, 45, 60][maker.int(in: 0...4)]
        webhook.maxRetries = maker.int(in: 0...5)
        webhook.httpMethod = "POST"
        webhook.authorizationScheme = maker.unit() < 0.5 ? "none" : "bearer"
        webhook.customHeaders = maker.unit() < 0.3 ? [SandboxHeader(key: "X-Source", value: "talkover")] : []
        webhook.secret = maker.unit() < 0.5 ? "tk_" + maker.hex(count: 20) : nil
    }
}

extension SandboxAgent {
    /// The events this agent's webhooks may subscribe to.
    public var eventCatalogue: [String: String] {
        availableEvents ?? Dictionary(uniqueKeysWithValues: SandboxCatalogue.talkover.map { ($0.name, $0.description) })
    }
}

extension SandboxCatalogue {
    /// Talkover's `available_events` keys and descriptions.
    public static let talkover = [
        SandboxEvent("event_phone_call_started", "A phone call with the agent started"),
        SandboxEvent("event_phone_call_ended", "A phone call with the agent ended"),
        SandboxEvent("event_conversation_started", "A conversation with the agent started"),
        SandboxEvent("event_conversation_ended", "A conversation with the agent ended"),
        SandboxEvent("event_message_received", "The agent received a message"),
        SandboxEvent("event_transcript_ready", "A conversation transcript is available"),
        SandboxEvent("event_recording_ready", "A call recording is available"),
        SandboxEvent("event_call_transferred", "A call was transferred to a human"),
        SandboxEvent("event_voicemail_detected", "The call reached a voicemail"),
        SandboxEvent("event_tool_called", "The agent called a tool"),
    ]
}
