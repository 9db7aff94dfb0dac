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

    public func liveStateRoundTrips(of account: AccountKey) -> Int {
        adapters[account]?.listingRoundTrips ?? 1
    }

    public func liveState(of webhook: Webhook) async throws -> Webhook {
        let adapter = try self.adapter(for: webhook)
        guard let live = try await listings.take(webhook.id, in: AccountKey(webhook.key), fetch: { try await adapter.listWebhooks() })
        else { throw WebhookGone(webhook.key) }
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
///
/// Each webhook is handed out once and then forgotten: a run reads each change's live state
/// once, and a listing held whole to the end of a 100,000-change apply was a third of its
/// memory. A webhook asked for a second time (a plan naming it twice) gets a fresh listing.
/// (What was handed out, and what was asked for and absent, stays as an id without a webhook:
/// one lookup of the account and one of the id per change.)
private actor ListingCache {
    private var fetching: [AccountKey: Task<[Webhook], any Error>] = [:]
    /// Each account's current listing by id; `nil` for an id already asked for.
    private var listings: [AccountKey: [String: Webhook?]] = [:]

    init(seed: Inventory?) {
        for account in seed?.accounts ?? [] {
            listings[AccountKey(vendor: account.vendor, account: account.account)] = Self.index(account.webhooks)
        }
    }

    /// The webhook `id` of `account`'s listing (nil when the listing lacks it), no longer kept.
    func take(_ id: String, in account: AccountKey,
              fetch: @escaping @Sendable () async throws -> [Webhook]) async throws -> Webhook? {
        if case .taken(let webhook) = takeListed(id, in: account, listingAgainIfAsked: true) { return webhook }
        let task: Task<[Webhook], any Error>
        if let existing = fetching[account] {
            task = existing
        } else {
            task = Task { try await fetch() }
            fetching[account] = task
        }
        let webhooks: [Webhook]
        do {
            webhooks = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch {
            if fetching[account] == task { fetching[account] = nil } // a failed listing is retried by the next caller
            throw error
        }
        if fetching[account] == task { fetching[account] = nil }
        if listings[account] == nil { listings[account] = Self.index(webhooks) } // the first caller back indexes it
        if case .taken(let webhook) = takeListed(id, in: account, listingAgainIfAsked: false) { return webhook }
        return nil
    }

    private enum Take {
        case taken(Webhook?)
        /// No listing of the account, or (`listingAgainIfAsked`) the id was asked for before.
        case needsListing
    }

    /// Takes `id` out of the account's listing, leaving the id behind as asked for.
    private func takeListed(_ id: String, in account: AccountKey, listingAgainIfAsked: Bool) -> Take {
        guard let slot = listings.index(forKey: account) else { return .needsListing }
        switch listings.values[slot].updateValue(nil, forKey: id) {
        case .none: return .taken(nil)
        case .some(.some(let webhook)): return .taken(webhook)
        case .some(.none):
            guard listingAgainIfAsked else { return .taken(nil) }
            listings.remove(at: slot)
            return .needsListing
        }
    }

    func forget(_ accounts: Set<AccountKey>) {
        for account in accounts { listings[account] = nil }
    }

    private static func index(_ webhooks: [Webhook]) -> [String: Webhook?] {
        Dictionary(webhooks.map { ($0.id, Optional($0)) }, uniquingKeysWith: { first, _ in first })
    }
}
