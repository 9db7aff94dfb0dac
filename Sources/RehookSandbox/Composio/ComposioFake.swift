import RehookModel

/// Composio under `/composio`: `ws_` ids, a payload version and events that version supports.
enum ComposioFake: VendorFake {
    static let vendor = VendorID.composio
    static let pathPrefix = "/composio"
    static var catalogue: [SandboxEvent] { SandboxCatalogue.composio }
    /// `limit` when a listing gives none, unless `SandboxOptions.defaultPageSizes` says otherwise.
    static let defaultPageSize = 20

    static func api(_ options: SandboxOptions) -> any VendorAPI {
        ComposioAPI(defaultPageSize: options.defaultPageSizes[vendor] ?? defaultPageSize)
    }

    static func drawIdentifier(_ maker: inout WebhookMaker) -> String { "ws_" + maker.hex(count: 16) }

    static func fillGenerated(_ webhook: inout SandboxWebhook, index: Int, _ maker: inout WebhookMaker) {
        let version = VendorSchema.composioVersions[maker.int(in: 0...2)]
        webhook.version = version
        webhook.events = maker.events(from: SandboxCatalogue.composio
            .filter { $0.supportedVersions?.contains(version) ?? true }.map(\.name))
        webhook.secret = "whsec_" + maker.hex(count: 32)
    }
}

extension SandboxCatalogue {
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
