import Foundation
import RehookModel
import RehookSandbox

/// `rehook inventory --format json`, decoded independently of rehook's own reader.
struct InventoryDocument: Decodable, Sendable {
    struct Account: Decodable, Sendable {
        var vendor: VendorID
        var account: String
        var webhooks: [Webhook]
        var eventCatalogue: [String]?

        enum CodingKeys: String, CodingKey { case vendor, account, webhooks, eventCatalogue = "event_catalogue" }
    }

    var format: String
    var accounts: [Account]

    init(json: String) throws { self = try JSONDecoder().decode(InventoryDocument.self, from: Data(json.utf8)) }

    /// Every webhook by key.
    var webhooksByKey: [WebhookKey: Webhook] {
        Dictionary(accounts.flatMap(\.webhooks).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension SandboxFixture {
    /// Every stored webhook by key (account names as the sandbox knows them).
    var webhooksByKey: [WebhookKey: SandboxWebhook] {
        var result: [WebhookKey: SandboxWebhook] = [:]
        for account in accounts {
            for webhook in account.allWebhooks {
                result[WebhookKey(vendor: account.vendor, account: account.name, id: webhook.id)] = webhook
            }
        }
        return result
    }

    /// The stored webhook `key` names.
    func webhook(_ key: WebhookKey) -> SandboxWebhook? {
        accounts.first { $0.vendor == key.vendor && $0.name == key.account }?.allWebhooks.first { $0.id == key.id }
    }

    /// The webhooks' fields without the times a write stamps, for before/after comparisons.
    var withoutTimestamps: SandboxFixture {
        var copy = self
        for accountIndex in copy.accounts.indices {
            for index in copy.accounts[accountIndex].webhooks.indices {
                copy.accounts[accountIndex].webhooks[index].updatedAt = 0
            }
            for agentIndex in copy.accounts[accountIndex].agents.indices {
                for index in copy.accounts[accountIndex].agents[agentIndex].webhooks.indices {
                    copy.accounts[accountIndex].agents[agentIndex].webhooks[index].updatedAt = 0
                }
            }
        }
        return copy
    }
}

/// Where a stored webhook differs from what rehook says it is (or should be).
enum WebhookComparison {
    /// One line per differing field; empty when `stored` agrees with `expected` on every
    /// field `expected` carries (url, events, enabled, and the Talkover/Composio extras).
    static func differences(stored: SandboxWebhook, expected: Webhook) -> [String] {
        var problems: [String] = []
        if stored.url != expected.url { problems.append("url: stored \(stored.url), expected \(expected.url)") }
        let storedEvents = stored.events.map { Set($0) }
        let expectedEvents = expected.events.names.map { Set($0) }
        if storedEvents != expectedEvents {
            problems.append("events: stored \(stored.events ?? ["all"]), expected \(expected.events.names ?? ["all"])")
        }
        if let enabled = expected.enabled, enabled != stored.enabled {
            problems.append("enabled: stored \(stored.enabled), expected \(enabled)")
        }
        let extras: [(FieldName, FieldValue?)] = [
            (.timeout, stored.timeout.map(FieldValue.int)), (.maxRetries, stored.maxRetries.map(FieldValue.int)),
            (.version, stored.version.map(FieldValue.string)), (.name, stored.name.map(FieldValue.string)),
        ]
        for (field, storedValue) in extras {
            if let value = expected.extras[field], value != storedValue {
                problems.append("\(field): stored \(storedValue.map(String.init(describing:)) ?? "nothing"), expected \(value)")
            }
        }
        return problems
    }

    /// For every change of `plan` that `applied` selects: the differences between the stored
    /// webhook and the change's after-state, prefixed with the key; a missing webhook is one too.
    static func planDifferences(_ plan: Plan, state: SandboxFixture,
                                applied: (WebhookKey) -> Bool = { _ in true }) -> [String] {
        plan.changes.filter { applied($0.key) }.flatMap { change -> [String] in
            guard let stored = state.webhook(change.key) else { return ["\(change.key): not in the sandbox"] }
            return differences(stored: stored, expected: change.after).map { "\(change.key) \($0)" }
        }
    }
}
