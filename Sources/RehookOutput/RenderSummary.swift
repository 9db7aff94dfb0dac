import RehookModel

/// The changes of one vendor account, in webhook-key order.
struct ChangeGroup: Sendable, Hashable {
    let vendor: VendorID
    let account: String
    let changes: [PlannedChange]

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
        guard !plan.changes.isEmpty else { return noChangesSentence(unchanged: plan.unchangedMatches) }
        let counts = plan.countsByVendor.sorted { lhs, rhs in
            lhs.value != rhs.value ? lhs.value > rhs.value : lhs.key.rawValue < rhs.key.rawValue
        }
        let perVendor = counts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "Plan: \(Plural.count(plan.changes.count, "webhook")) to change in "
            + "\(Plural.count(counts.count, "vendor")) (\(perVendor)); "
            + "\(plan.unchangedMatches) matched unchanged."
    }

    /// `Time at the configured rates: ≈ 51 s: JoggAI's 20 writes/min per key is the slowest
    /// (argil ≈ 1 s, jogg ≈ 51 s).`, or nil when the plan has no estimate or no change.
    static func estimateSentence(for plan: Plan) -> String? {
        guard let estimate = plan.estimate, !plan.changes.isEmpty else { return nil }
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
        let byAccount = Dictionary(grouping: plan.changes) { AccountKey(vendor: $0.key.vendor, account: $0.key.account) }
        return byAccount.keys.sorted().compactMap { account in
            guard let changes = byAccount[account] else { return nil }
            return ChangeGroup(vendor: account.vendor, account: account.account,
                               changes: changes.sorted { $0.key < $1.key })
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

    private struct AccountKey: Hashable, Comparable {
        let vendor: VendorID
        let account: String

        static func < (lhs: AccountKey, rhs: AccountKey) -> Bool {
            (lhs.vendor, lhs.account) < (rhs.vendor, rhs.account)
        }
    }
}
