import RehookModel

/// Each vendor's standard event catalogue, as its events call returns it.
public enum SandboxCatalogue {
    /// The catalogue of `vendor`.
    public static func events(for vendor: VendorID) -> [SandboxEvent] {
        switch vendor {
        case .argil: argil
        case .jogg: jogg
        case .talkover: talkover
        case .heygen: heygen
        case .composio: composio
        }
    }

    /// Argil's closed set of four.
    public static let argil = VendorSchema.argilEvents.map { SandboxEvent($0) }

    /// JoggAI's 22 event names (`GET /v2/events`).
    public static let jogg = [
        "generated_avatar_video_success", "generated_avatar_video_failed",
        "generated_photo_avatar_success", "generated_photo_avatar_failed",
        "generated_product_video_success", "generated_product_video_failed",
        "generated_template_video_success", "generated_template_video_failed",
        "generated_url_to_video_success", "generated_url_to_video_failed",
        "generated_talking_photo_success", "generated_talking_photo_failed",
        "generated_script_success", "generated_script_failed",
        "generated_voice_clone_success", "generated_voice_clone_failed",
        "generated_custom_avatar_success", "generated_custom_avatar_failed",
        "generated_lip_sync_success", "generated_lip_sync_failed",
        "generated_video_translate_success", "generated_video_translate_failed",
    ].map { SandboxEvent($0) }

    /// HeyGen's event names (`GET /v1/webhook/webhook.list`).
    public static let heygen = [
        "avatar_video.success", "avatar_video.fail",
        "avatar_video_gif.success", "avatar_video_gif.fail",
        "video_translate.success", "video_translate.fail",
        "personalized_video",
        "instant_avatar.success", "instant_avatar.fail",
        "photo_avatar_generation.success", "photo_avatar_generation.fail",
        "photo_avatar_train.success", "photo_avatar_train.fail",
        "photo_avatar_add_motion.success", "photo_avatar_add_motion.fail",
        "proofread_creation.success", "proofread_creation.fail",
        "live_avatar.success", "live_avatar.fail",
    ].map { SandboxEvent($0) }

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

    /// Composio's event types (`GET /api/v3/webhook_subscriptions/event_types`).
    public static let composio = [
        SandboxEvent("composio.trigger.message", "A trigger fired and delivered its payload",
                     supportedVersions: ["V1", "V2", "V3"]),
        SandboxEvent("composio.trigger.disabled", "A trigger was disabled", supportedVersions: ["V2", "V3"]),
        SandboxEvent("composio.connected_account.created", "A connected account was created",
                     supportedVersions: ["V3"]),
        SandboxEvent("composio.connected_account.expired", "A connected account's credentials expired",
                     supportedVersions: ["V2", "V3"]),
        SandboxEvent("composio.connected_account.deleted", "A connected account was deleted",
                     supportedVersions: ["V3"]),
    ]
}

/// What goes wrong outside the HTTP conversation: bad fixtures, bad options, a server that
/// cannot start. Each message names the input at fault.
public enum SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableFixture(path: String, reason: String)
    case invalidOption(option: String, value: String, expected: String)
    case serverFailedToStart(reason: String)
    case unknownWebhook(vendor: VendorID, account: String, id: String)

    public var description: String {
        switch self {
        case .unreadableFixture(let path, let reason): "sandbox fixture \(path): \(reason)"
        case .invalidOption(let option, let value, let expected): "\(option) '\(value)': expected \(expected)"
        case .serverFailedToStart(let reason): "the sandbox server did not start: \(reason)"
        case .unknownWebhook(let vendor, let account, let id): "no webhook \(vendor)/\(account)/\(id) in the sandbox"
        }
    }
}
