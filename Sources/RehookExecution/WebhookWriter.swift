import RehookModel

/// What the engine needs from a vendor: read one webhook's live state and write a change.
///
/// The app layer implements it over the vendor adapters; tests use an in-memory fake. Both
/// calls go through the account's `AccountPipeline` (pacing, retries), so that `write` reports
/// each attempt to `RequestAttempts.observer` — the engine journals `sent` from there. Both
/// throw `VendorError` (`.interrupted` leaves the change pending); any other error fails it.
public protocol WebhookWriter: Sendable {
    /// The webhook's live state now (no secrets), located by the identity in `webhook`
    /// (vendor, account, id, parent).
    func liveState(of webhook: Webhook) async throws -> Webhook

    /// Writes `values` (canonical field names; secrets by reference, resolved by the
    /// implementation) to the webhook and returns the state the vendor reports afterwards.
    func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook

    /// Forgets what `liveState` remembered of these accounts, so that its next answers are read
    /// from the vendor afresh (the canary's read-back). Writers that always read afresh do nothing.
    func forgetLiveState(of accounts: Set<AccountKey>) async

    /// How many answers in a row the account's first `liveState` waits for at the least (a
    /// listing that reads Talkover's agents, then their webhooks: 2). The engine starts the
    /// accounts with the most first, so that the slowest finish sooner. Default: 1.
    func liveStateRoundTrips(of account: AccountKey) -> Int
}

extension WebhookWriter {
    public func forgetLiveState(of accounts: Set<AccountKey>) async {}
    public func liveStateRoundTrips(of account: AccountKey) -> Int { 1 }
}

/// Thrown by `WebhookWriter.liveState(of:)` when the webhook no longer exists: deleted since
/// the plan, so the change is skipped as stale (exit 4), not failed.
public struct WebhookGone: Error, Sendable, Hashable, CustomStringConvertible {
    public let key: WebhookKey

    public init(_ key: WebhookKey) { self.key = key }

    public var description: String {
        "deleted since the plan: \(key.vendor.displayName) account '\(key.account)' has no webhook \(key.id) any more"
    }
}

/// An account: where rate limits and concurrency caps apply.
public struct AccountKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var vendor: VendorID
    public var account: String

    public init(vendor: VendorID, account: String) {
        self.vendor = vendor
        self.account = account
    }

    public init(_ key: WebhookKey) { self.init(vendor: key.vendor, account: key.account) }

    public var description: String { "\(vendor)/\(account)" }

    public static func < (a: AccountKey, b: AccountKey) -> Bool { (a.vendor, a.account) < (b.vendor, b.account) }
}
