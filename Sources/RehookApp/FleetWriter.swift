import Foundation
import RehookExecution
import RehookModel
import RehookPlanning
import RehookVendors

/// The execution engine's access to the vendors: writes through each account's adapter and
/// reads live state from one listing per account — the plan's own when the plan was made in
/// this command, otherwise a fresh one taken the first time the run touches that account (a
/// listing is the only read every vendor offers, and one per change would cost a full LIST
/// for every webhook).
public final class FleetWriter: WebhookWriter {
    private let adapters: [AccountKey: any VendorAdapter]
    private let secrets: any SecretResolving
    private let listings: ListingCache

    /// - Parameter listings: the accounts' listings when the plan was made from them moments
    ///   ago in the same command (`apply SCRIPT`): each account is listed once per command.
    public init(fleet: Fleet, secrets: any SecretResolving, listings: Inventory? = nil) {
        self.listings = ListingCache(seed: listings)
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
        guard let live = listing[webhook.id] else { throw WebhookGone(webhook.key) }
        return live
    }

    public func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook {
        try await adapter(for: webhook).update(webhook, changes: values, secrets: secrets)
    }

    /// The next `liveState` of these accounts lists them afresh (the canary's read-back).
    public func forgetLiveState(of accounts: Set<AccountKey>) async {
        await listings.forget(accounts)
    }

    private func adapter(for webhook: Webhook) throws -> any VendorAdapter {
        guard let adapter = adapters[AccountKey(webhook.key)] else {
            throw CommandFailure("the plan names account '\(webhook.account)' of \(webhook.vendor.displayName), "
                                 + "which is not configured")
        }
        return adapter
    }
}

/// One listing per account, fetched once even when many changes ask at the same time (or
/// given up front: the listing the plan was just made from). A caller cancelled while waiting
/// cancels the listing too, so Ctrl-C stops it like any other request.
private actor ListingCache {
    private var listings: [AccountKey: Task<[String: Webhook], any Error>] = [:]

    init(seed: Inventory?) {
        for account in seed?.accounts ?? [] {
            let byID = Self.index(account.webhooks)
            listings[AccountKey(vendor: account.vendor, account: account.account)] = Task { byID }
        }
    }

    func listing(for account: AccountKey,
                 fetch: @escaping @Sendable () async throws -> [Webhook]) async throws -> [String: Webhook] {
        let task: Task<[String: Webhook], any Error>
        if let existing = listings[account] {
            task = existing
        } else {
            task = Task { Self.index(try await fetch()) }
            listings[account] = task
        }
        do {
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch {
            if listings[account] == task { listings[account] = nil } // a failed listing is retried by the next caller
            throw error
        }
    }

    func forget(_ accounts: Set<AccountKey>) {
        for account in accounts { listings[account] = nil }
    }

    private static func index(_ webhooks: [Webhook]) -> [String: Webhook] {
        Dictionary(webhooks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
