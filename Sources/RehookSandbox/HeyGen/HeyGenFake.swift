import RehookModel

/// HeyGen under `/heygen`: 32 hex digit ids, one webhook in five on all events (`null`).
enum HeyGenFake: VendorFake {
    static let vendor = VendorID.heygen
    static let pathPrefix = "/heygen"
    static var catalogue: [SandboxEvent] { SandboxCatalogue.heygen }

    static func api(_ options: SandboxOptions) -> any VendorAPI { HeyGenAPI() }

    static func drawIdentifier(_ maker: inout WebhookMaker) -> String { maker.hex(count: 32) }

    static func fillGenerated(_ webhook: inout SandboxWebhook, index: Int, _ maker: inout WebhookMaker) {
        webhook.events = maker.unit() < 0.2 ? nil : maker.events(from: SandboxCatalogue.heygen.map(\.name))
        webhook.secret = "1esec_" + maker.hex(count: 24)
    }
}

extension SandboxCatalogue {
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
}
