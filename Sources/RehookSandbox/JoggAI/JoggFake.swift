import RehookModel

/// JoggAI under `/jogg`: `wh_` and nine digits, a signing secret.
enum JoggFake: VendorFake {
    static let vendor = VendorID.jogg
    static let pathPrefix = "/jogg"
    static var catalogue: [SandboxEvent] { SandboxCatalogue.jogg }

    static func api(_ options: SandboxOptions) -> any VendorAPI { JoggAPI() }

    static func drawIdentifier(_ maker: inout WebhookMaker) -> String {
        "wh_" + String(100_000_000 + maker.int(in: 0...899_999_999))
    }

    static func fillGenerated(_ webhook: inout SandboxWebhook, index: Int, _ maker: inout WebhookMaker) {
        webhook.events = maker.events(from: SandboxCatalogue.jogg.map(\.name))
        webhook.secret = "whsec_" + maker.hex(count: 24)
    }
}

extension SandboxCatalogue {
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
}
