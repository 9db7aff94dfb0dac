import RehookModel

/// Argil under `/argil/v1`: uuid ids, events from its closed set.
enum ArgilFake: VendorFake {
    static let vendor = VendorID.argil
    static let pathPrefix = "/argil/v1"
    static var catalogue: [SandboxEvent] { SandboxCatalogue.argil }

    static func api(_ options: SandboxOptions) -> any VendorAPI { ArgilAPI() }

    static func drawIdentifier(_ maker: inout WebhookMaker) -> String { maker.uuid() }

    static func fillGenerated(_ webhook: inout SandboxWebhook, index: Int, _ maker: inout WebhookMaker) {
        webhook.events = maker.events(from: VendorSchema.argilEvents)
    }
}

extension SandboxCatalogue {
    /// Argil's closed set of four.
    public static let argil = VendorSchema.argilEvents.map { SandboxEvent($0) }
}
