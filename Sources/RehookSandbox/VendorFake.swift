import RehookModel

/// Everything the sandbox plays for one vendor: where its API lives under the sandbox's root,
/// its standard event catalogue, its routes, and how a generated fleet draws its webhooks.
/// One per vendor, in `<Vendor>/`, listed in `FakeRegistry`.
protocol VendorFake: Sendable {
    static var vendor: VendorID { get }
    /// The sandbox's base URL for the vendor is `http://127.0.0.1:PORT` + this.
    static var pathPrefix: String { get }
    /// The standard event catalogue, as the vendor's events call returns it.
    static var catalogue: [SandboxEvent] { get }
    /// Webhooks live in the account's agents (`SandboxAccount.agents`), not on the account.
    static var nestsWebhooksInAgents: Bool { get }
    /// The vendor's routes, configured by `options`.
    static func api(_ options: SandboxOptions) -> any VendorAPI
    /// A new webhook id in the vendor's format.
    static func drawIdentifier(_ maker: inout WebhookMaker) -> String
    /// Draws the vendor's own fields of a generated webhook (events, secret, ...).
    static func fillGenerated(_ webhook: inout SandboxWebhook, index: Int, _ maker: inout WebhookMaker)
}

extension VendorFake {
    static var nestsWebhooksInAgents: Bool { false }
}
