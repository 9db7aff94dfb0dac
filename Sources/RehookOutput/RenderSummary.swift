import RehookModel

/// The changes of one vendor account, in webhook-key order.
struct ChangeGroup: Sendable, Hashable {
    let vendor: VendorID
    let account: String
    let changes: ArraySlice<PlannedChange>

    /// Every field changed in the group, in canonical order.
    var changedFields: [FieldName] {
        Set(changes.flatMap { $0.fields.map(\.field) }).sorted()
    }
}

/// Text shared by every plan renderer: the summary sentence, grouping and webhook headers.
enum PlanSummary {
    /// `Plan: 3 webhooks to change in 2 vendors (heygen 2, jogg 1); 7 matched unchanged.`, or
    /// the "No changes." sentence for an empty plan.
    static func sentence(for plan: Plan) -> String {
        sentence(changeCount: plan.changes.count, countsByVendor: plan.countsByVendor, unchangedMatches: plan.unchangedMatches)
    }

    static func sentence(changeCount: Int, countsByVendor: [VendorID: Int], unchangedMatches: Int) -> String {
        guard changeCount > 0 else { return noChangesSentence(unchanged: unchangedMatches) }
        let counts = countsByVendor.sorted { lhs, rhs in
            lhs.value != rhs.value ? lhs.value > rhs.value : lhs.key.rawValue < rhs.key.rawValue
        }
        let perVendor = counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "Plan: \(Plural.count(changeCount, "webhook")) to change in "
            + "\(Plural.count(counts.count, "vendor")) (\(perVendor)); "
            + "\(unchangedMatches) matched unchanged."
    }

    /// `Time at the configured rates: ≈ 51 s: JoggAI's 20 writes/min per key is the slowest
    /// (argil ≈ 1 s, jogg ≈ 51 s).`, or nil when the plan has no estimate or no change.
    static func estimateSentence(for plan: Plan) -> String? {
        estimateSentence(plan.estimate, changeCount: plan.changes.count)
    }

    static func estimateSentence(_ estimate: PlanEstimate?, changeCount: Int) -> String? {
        guard let estimate, changeCount > 0 else { return nil }
        let perVendor = estimate.vendors.map { "\($0.vendor.rawValue) ≈ \(PlanEstimate.format($0.seconds))" }
        return "Time at the configured rates: \(estimate.headline)"
            + (perVendor.count > 1 ? " (\(perVendor.joined(separator: ", ")))." : ".")
    }

    private static func noChangesSentence(unchanged: Int) -> String {
        switch unchanged {
        case 0: "No changes. No webhooks matched."
        case 1: "No changes. 1 webhook matched, already in the desired state."
        default: "No changes. \(unchanged) webhooks matched, all already in the desired state."
        }
    }

    /// The plan's changes grouped by vendor (in `VendorID` order) and account (by name).
    static func groups(of plan: Plan) -> [ChangeGroup] {
        // Plans come in key order (the planner sorts them, plan files keep it): each account's
        // changes are then one run of the array, grouped without copying a change.
        let changes = plan.changes
        if changes.indices.dropFirst().allSatisfy({ changes[$0 - 1].key < changes[$0].key }) {
            var groups: [ChangeGroup] = []
            var start = changes.startIndex
            while start < changes.endIndex {
                let first = changes[start].key
                var end = start + 1
                while end < changes.endIndex, changes[end].key.vendor == first.vendor, changes[end].key.account == first.account {
                    end += 1
                }
                groups.append(ChangeGroup(vendor: first.vendor, account: first.account, changes: changes[start..<end]))
                start = end
            }
            return groups
        }
        let byAccount = Dictionary(grouping: plan.changes) { AccountKey(vendor: $0.key.vendor, account: $0.key.account) }
        return byAccount.keys.sorted().compactMap { account in
            guard let changes = byAccount[account] else { return nil }
            return ChangeGroup(vendor: account.vendor, account: account.account,
                               changes: ArraySlice(changes.sorted { $0.key < $1.key }))
        }
    }

    /// The positions of `keys` grouped as `groups(of:)` groups changes: by account in
    /// `VendorID` and name order, each group in key order.
    static func groups(of keys: [WebhookKey]) -> [(account: AccountKey, indices: [Int])] {
        let byAccount = Dictionary(grouping: keys.indices) { AccountKey(vendor: keys[$0].vendor, account: keys[$0].account) }
        return byAccount.keys.sorted().map { account in
            (account, (byAccount[account] ?? []).sorted { keys[$0] < keys[$1] })
        }
    }

    /// `heygen/prod webhook ep_1 (https://old.acme.com/h)`; Talkover webhooks also name
    /// their agent.
    static func webhookTitle(_ change: PlannedChange) -> String {
        let webhook = change.before
        var title = "\(webhook.vendor.rawValue)/\(webhook.account) webhook \(webhook.id)"
        if let agent = webhook.parentID {
            title += " of agent \(agent)"
            if case .string(let agentName)? = webhook.extras[.agentName] { title += " \"\(agentName)\"" }
        }
        return title + " (\(webhook.url))"
    }

    struct AccountKey: Hashable, Comparable {
        let vendor: VendorID
        let account: String

        static func < (lhs: AccountKey, rhs: AccountKey) -> Bool {
            (lhs.vendor, lhs.account) < (rhs.vendor, rhs.account)
        }
    }
}
