import Foundation
import RehookExecution
import RehookModel
import RehookVendors

/// The execution engine's access to the vendors: writes through each account's adapter and
/// reads live state from one fresh listing per account, taken the first time the run touches
/// that account (a listing is the only read every vendor offers, and one per change would
/// cost a full LIST for every webhook).
public final class FleetWriter: WebhookWriter {
    private let adapters: [AccountKey: any VendorAdapter]
    private let secrets: any SecretResolving
    private let listings = ListingCache()

    public init(fleet: Fleet, secrets: any SecretResolving) {
        var adapters: [AccountKey: any VendorAdapter] = [:]
        for member in fleet.members {
            adapters[AccountKey(vendor: member.account.vendor, account: member.account.name)] = member.adapter
        }
        self.adapters = adapters
        self.secrets = secrets
    }

    public func liveState(of webhook: Webhook) async throws -> Webhook {
        let adapter = try self.adapter(for: webhook)
        let listing = try await listings.listing(for: AccountKey(webhook.key)) { try await adapter.listWebhooks() }
        guard let live = listing[webhook.id] else {
            throw VendorError(.notFound, vendor: webhook.vendor, account: webhook.account,
                              call: "list webhooks", message: "webhook \(webhook.id) no longer exists")
        }
        return live
    }

    public func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook {
        try await adapter(for: webhook).update(webhook, changes: values, secrets: secrets)
    }

    private func adapter(for webhook: Webhook) throws -> any VendorAdapter {
        guard let adapter = adapters[AccountKey(webhook.key)] else {
            throw CommandFailure("the plan names account '\(webhook.account)' of \(webhook.vendor.displayName), "
                                 + "which is not configured")
        }
        return adapter
    }
}

/// One listing per account, fetched once even when many changes ask at the same time, with at
/// most `InventoryReader.accountsInFlight` accounts being listed at once (as `plan` does).
private actor ListingCache {
    private var listings: [AccountKey: Task<[String: Webhook], any Error>] = [:]
    private let listingsInFlight = AsyncSemaphore(permits: InventoryReader.accountsInFlight)

    func listing(for account: AccountKey,
                 fetch: @escaping @Sendable () async throws -> [Webhook]) async throws -> [String: Webhook] {
        if let task = listings[account] { return try await task.value }
        let task = Task { [listingsInFlight] in
            let webhooks = try await listingsInFlight.withPermit { try await fetch() }
            return Dictionary(webhooks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        listings[account] = task
        do {
            return try await task.value
        } catch {
            listings[account] = nil // a failed listing is retried by the next caller
            throw error
        }
    }
}
