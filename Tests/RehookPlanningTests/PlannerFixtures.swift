import Testing
import RehookLanguage
import RehookModel
@testable import RehookPlanning

/// Small fixed inventories and a helper that checks and plans a script against them.
enum PlannerFixtures {
    static let account = "main"

    static let catalogues: [VendorID: [String]] = [
        .jogg: ["generated_avatar_video_success", "generated_avatar_video_failed", "translate_video_success"],
        .talkover: ["call.started", "call.ended", "call.analyzed"],
        .heygen: ["avatar_video.success", "avatar_video.fail", "video_translate.success"],
        .composio: ["composio.trigger.message", "composio.connected_account.expired"],
    ]

    static func argil(_ id: String, url: String = "https://old.acme.com/argil",
                      events: [String] = ["VIDEO_GENERATION_SUCCESS"]) -> Webhook {
        Webhook(vendor: .argil, account: account, id: id, url: url, events: .list(events))
    }

    static func jogg(_ id: String, url: String = "https://old.acme.com/jogg", enabled: Bool = true,
                     events: [String] = ["generated_avatar_video_success"]) -> Webhook {
        Webhook(vendor: .jogg, account: account, id: id, url: url, events: .list(events), enabled: enabled,
                extras: [.username: .string("acme")])
    }

    static func talkover(_ id: String, url: String = "https://old.acme.com/talkover", name: String = "calls",
                         timeout: Int = 30, maxRetries: Int = 3, events: [String] = ["call.started", "call.ended"],
                         enabled: Bool = true) -> Webhook {
        Webhook(vendor: .talkover, account: account, id: id, parentID: "agent_1", url: url, events: .list(events),
                enabled: enabled, extras: [.name: .string(name), .timeout: .int(timeout), .maxRetries: .int(maxRetries),
                                           .agentName: .string("Support")])
    }

    static func heygen(_ id: String, url: String = "https://old.acme.com/heygen", events: EventSelection = .all) -> Webhook {
        Webhook(vendor: .heygen, account: account, id: id, url: url, events: events, enabled: true,
                extras: [.username: .string("acme")])
    }

    static func composio(_ id: String, url: String = "https://old.acme.com/composio", version: String = "V2",
                         events: [String] = ["composio.trigger.message"]) -> Webhook {
        Webhook(vendor: .composio, account: account, id: id, url: url, events: .list(events),
                extras: [.version: .string(version)])
    }

    /// An inventory with one account per vendor present in `webhooks`, with catalogues.
    static func inventory(_ webhooks: [Webhook], catalogues: [VendorID: [String]] = catalogues) -> Inventory {
        var accounts: [AccountInventory] = []
        for vendor in VendorID.allCases {
            let own = webhooks.filter { $0.vendor == vendor }
            if !own.isEmpty {
                accounts.append(AccountInventory(vendor: vendor, account: account, webhooks: own,
                                                 eventCatalogue: catalogues[vendor]))
            }
        }
        return Inventory(accounts: accounts)
    }

    /// Checks `text` (which must have no static errors) and plans it against `inventory`.
    static func plan(_ text: String, _ inventory: Inventory, parallel: Bool = true,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Planned {
        let checked = Frontend.check(SourceFile(path: "test.rehook", text: text))
        let staticErrors = checked.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(staticErrors.isEmpty, "static errors: \(staticErrors)", sourceLocation: sourceLocation)
        let outcome = Planner.plan(checked.script, source: checked.source, inventory: inventory,
                                   options: PlanningOptions(createdAt: "2025-01-01T00:00:00Z", parallel: parallel))
        return Planned(outcome: outcome, source: checked.source)
    }

    /// `inventory` with every planned change's after-state in place of the live webhook.
    static func applying(_ plan: Plan, to inventory: Inventory) -> Inventory {
        let afters = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.key, $0.after) })
        var result = inventory
        for accountIndex in result.accounts.indices {
            result.accounts[accountIndex].webhooks = result.accounts[accountIndex].webhooks.map { afters[$0.key] ?? $0 }
        }
        return result
    }
}

/// A planning outcome with the script it came from, for line:col assertions.
struct Planned {
    let outcome: PlanningOutcome
    let source: SourceFile

    var plan: Plan { outcome.plan }
    var changes: [PlannedChange] { outcome.plan.changes }

    /// The change of webhook `id`, if any.
    func change(_ id: String) -> PlannedChange? { changes.first { $0.key.id == id } }

    /// The field change of `field` in webhook `id`'s change.
    func field(_ field: FieldName, of id: String) -> FieldChange? { change(id)?.fields.first { $0.field == field } }

    /// Diagnostics rendered as "line:col message".
    var located: [String] {
        outcome.diagnostics.map { "\(source.location(of: $0.range.start)) \($0.message)" }
    }

    /// The line:col of the first occurrence of `marker` in the script.
    func location(of marker: String) -> String {
        let text = source.text
        guard let range = text.range(of: marker) else { return "marker '\(marker)' not in script" }
        let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        return source.location(of: offset).description
    }
}
