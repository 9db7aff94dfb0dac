import RehookModel

/// The live webhooks of every account read, plus each vendor's event catalogue.
///
/// This is what `rehook inventory --format json` prints and `rehook plan --inventory FILE`
/// reads (`docs/planning.md`). On the wire it carries `"format": "rehook-inventory"` and
/// `"format_version": 1`.
public struct Inventory: Sendable, Codable, Hashable {
    /// The value of the `format` key.
    public static let formatName = "rehook-inventory"
    /// The inventory format this build writes and reads.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var accounts: [AccountInventory]

    public init(accounts: [AccountInventory]) {
        self.formatVersion = Inventory.currentFormatVersion
        self.accounts = accounts
    }

    /// Every webhook of every account, in account order.
    public var webhooks: [Webhook] { accounts.flatMap(\.webhooks) }

    /// The account `account` of `vendor`, if it was read.
    public func account(_ vendor: VendorID, _ account: String) -> AccountInventory? {
        accounts.first { $0.vendor == vendor && $0.account == account }
    }

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", accounts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Inventory.formatName else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container,
                debugDescription: "expected \"\(Inventory.formatName)\", found \"\(format)\" (is this a plan or another file?)")
        }
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        guard formatVersion == Inventory.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: container,
                debugDescription: "this rehook reads inventory format \(Inventory.currentFormatVersion), the file has \(formatVersion)")
        }
        accounts = try container.decode([AccountInventory].self, forKey: .accounts)
        var seen = Set<String>()
        for account in accounts where !seen.insert("\(account.vendor)/\(account.account)").inserted {
            throw DecodingError.dataCorruptedError(
                forKey: .accounts, in: container, debugDescription: "account \(account.vendor)/\(account.account) appears twice")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Inventory.formatName, forKey: .format)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(accounts, forKey: .accounts)
    }
}

/// The webhooks read from one account of one vendor.
public struct AccountInventory: Sendable, Codable, Hashable {
    public var vendor: VendorID
    /// The configured account name (not a key).
    public var account: String
    /// Every webhook of the account; each one's `vendor` and `account` equal the account's.
    public var webhooks: [Webhook]
    /// The vendor's event names for this account; `nil` when not fetched or unknown, in which
    /// case event names are not checked against a live catalogue.
    public var eventCatalogue: [String]?

    public init(vendor: VendorID, account: String, webhooks: [Webhook], eventCatalogue: [String]? = nil) {
        self.vendor = vendor
        self.account = account
        self.webhooks = webhooks
        self.eventCatalogue = eventCatalogue
    }

    private enum CodingKeys: String, CodingKey {
        case vendor, account, webhooks, eventCatalogue = "event_catalogue"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vendor = try container.decode(VendorID.self, forKey: .vendor)
        account = try container.decode(String.self, forKey: .account)
        eventCatalogue = try container.decodeIfPresent([String].self, forKey: .eventCatalogue)
        webhooks = try container.decode([Webhook].self, forKey: .webhooks)
        var seen = Set<String>()
        for webhook in webhooks {
            guard webhook.vendor == vendor, webhook.account == account else {
                throw DecodingError.dataCorruptedError(
                    forKey: .webhooks, in: container,
                    debugDescription: "webhook '\(webhook.id)' belongs to \(webhook.vendor)/\(webhook.account), not to this account \(vendor)/\(account)")
            }
            guard seen.insert(webhook.id).inserted else {
                throw DecodingError.dataCorruptedError(
                    forKey: .webhooks, in: container, debugDescription: "webhook id '\(webhook.id)' appears twice")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(account, forKey: .account)
        try container.encodeIfPresent(eventCatalogue, forKey: .eventCatalogue)
        try container.encode(webhooks, forKey: .webhooks)
    }
}
