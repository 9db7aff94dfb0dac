import Foundation
import RehookModel

/// One account as a client configures it: vendor, name and the key that opens it.
public struct SandboxAccountInfo: Sendable, Hashable, Codable, CustomStringConvertible {
    public var vendor: VendorID
    public var name: String
    /// The sandbox API key (not a real secret, but still left out of `description`).
    public var key: String

    public var description: String { "\(vendor)/\(name)" }
}

/// The sandbox's accounts and webhooks. Vendor routes read and update it; tests and the
/// admin endpoints export, import and change it behind a client's back.
public actor SandboxState {
    private var fixture: SandboxFixture
    /// vendor → API key → index in `fixture.accounts`.
    private var accountIndexByKey: [VendorID: [String: Int]] = [:]
    /// vendor → account name → index in `fixture.accounts`.
    private var accountIndexByName: [VendorID: [String: Int]] = [:]
    /// index in `fixture.accounts` → webhook id → index in that account's `webhooks` (not
    /// Talkover's agents). Webhooks are only ever updated, never added or removed, except by
    /// `replace`, which rebuilds it: a write finds its webhook without scanning the account.
    private var webhookIndex: [Int: [String: Int]] = [:]

    /// Starts from `fixture`, which should have passed `SandboxFixture.decode` or come from
    /// a `SandboxFleet`.
    public init(_ fixture: SandboxFixture) {
        self.fixture = fixture
        (accountIndexByKey, accountIndexByName, webhookIndex) = Self.index(fixture)
    }

    /// The whole state, secrets included.
    public func export() -> SandboxFixture { fixture }

    /// Replaces the whole state after checking it.
    public func replace(with newFixture: SandboxFixture) throws {
        try newFixture.validate(source: "imported state")
        fixture = newFixture
        (accountIndexByKey, accountIndexByName, webhookIndex) = Self.index(newFixture)
    }

    /// Every account, in fixture order.
    public func accountInfos() -> [SandboxAccountInfo] {
        fixture.accounts.map { SandboxAccountInfo(vendor: $0.vendor, name: $0.name, key: $0.key) }
    }

    /// The account `key` opens at `vendor`, if any.
    public func account(vendor: VendorID, key: String) -> SandboxAccount? {
        accountIndexByKey[vendor]?[key].map { fixture.accounts[$0] }
    }

    /// The account named `name` at `vendor`, if any.
    public func account(vendor: VendorID, name: String) -> SandboxAccount? {
        accountIndexByName[vendor]?[name].map { fixture.accounts[$0] }
    }

    /// What a request keeps of the account `key` opens: everything but its webhooks.
    func profile(vendor: VendorID, key: String) -> SandboxAccountProfile? {
        accountIndexByKey[vendor]?[key].map { SandboxAccountProfile(fixture.accounts[$0]) }
    }

    /// The account's webhooks (not Talkover's: those are in `agents`).
    func webhooks(vendor: VendorID, account: String) -> [SandboxWebhook] {
        accountIndexByName[vendor]?[account].map { fixture.accounts[$0].webhooks } ?? []
    }

    /// Talkover: the account's agents, each with its webhooks.
    func agents(vendor: VendorID, account: String) -> [SandboxAgent] {
        accountIndexByName[vendor]?[account].map { fixture.accounts[$0].agents } ?? []
    }

    /// Whether the account has a webhook `id` (outside Talkover's agents).
    func hasWebhook(vendor: VendorID, account: String, id: String) -> Bool {
        accountIndexByName[vendor]?[account].map { webhookIndex[$0]?[id] != nil } ?? false
    }

    /// The stored webhook, secrets included.
    public func webhook(vendor: VendorID, account: String, id: String) -> SandboxWebhook? {
        self.account(vendor: vendor, name: account)?.allWebhooks.first { $0.id == id }
    }

    /// Applies `patch` to a webhook, as a vendor update does. With `agentID`, the webhook must
    /// belong to that Talkover agent. Returns the updated webhook, or `nil` when there is none.
    func update(vendor: VendorID, account: String, id: String, agentID: String? = nil,
                patch: SandboxWebhookPatch) -> SandboxWebhook? {
        guard let accountIndex = accountIndexByName[vendor]?[account] else { return nil }
        let now = Int(Date().timeIntervalSince1970)
        if let index = webhookIndex[accountIndex]?[id], agentID == nil {
            patch.apply(to: &fixture.accounts[accountIndex].webhooks[index], at: now)
            return fixture.accounts[accountIndex].webhooks[index]
        }
        for agentIndex in fixture.accounts[accountIndex].agents.indices {
            let agent = fixture.accounts[accountIndex].agents[agentIndex]
            guard agentID == nil || agent.id == agentID,
                  let index = agent.webhooks.firstIndex(where: { $0.id == id }) else { continue }
            patch.apply(to: &fixture.accounts[accountIndex].agents[agentIndex].webhooks[index], at: now)
            return fixture.accounts[accountIndex].agents[agentIndex].webhooks[index]
        }
        return nil
    }

    /// Changes a webhook behind the client's back (no validation, no stats).
    @discardableResult
    public func modifyWebhook(vendor: VendorID, account: String, id: String,
                              _ patch: SandboxWebhookPatch) throws -> SandboxWebhook {
        guard let webhook = update(vendor: vendor, account: account, id: id, patch: patch) else {
            throw SandboxError.unknownWebhook(vendor: vendor, account: account, id: id)
        }
        return webhook
    }

    private static func index(_ fixture: SandboxFixture) -> (byKey: [VendorID: [String: Int]],
                                                             byName: [VendorID: [String: Int]],
                                                             webhooks: [Int: [String: Int]]) {
        var byKey: [VendorID: [String: Int]] = [:]
        var byName: [VendorID: [String: Int]] = [:]
        var webhooks: [Int: [String: Int]] = [:]
        for (position, account) in fixture.accounts.enumerated() {
            byKey[account.vendor, default: [:]][account.key] = position
            byName[account.vendor, default: [:]][account.name] = position
            // Ids are unique within an account (`SandboxFixture.validate`); the first wins anyway.
            webhooks[position] = Dictionary(account.webhooks.enumerated().map { ($1.id, $0) },
                                            uniquingKeysWith: { first, _ in first })
        }
        return (byKey, byName, webhooks)
    }
}

/// What a request keeps of its account while it is served: not the webhooks. A request holding
/// the account's webhook array while another request writes one webhook would make that write
/// copy the whole array (copy-on-write): at 1,000 webhooks per account that copy was a fifth
/// of the sandbox's CPU. Handlers read webhooks through `VendorCall` instead, inside the state.
struct SandboxAccountProfile: Sendable {
    let vendor: VendorID
    let name: String
    let username: String
    let eventCatalogue: [SandboxEvent]

    init(_ account: SandboxAccount) {
        vendor = account.vendor
        name = account.name
        username = account.username
        eventCatalogue = account.eventCatalogue
    }
}
