import RehookModel

/// The live webhooks of every account read, plus each vendor's event catalogue.
///
/// This is what `rehook inventory --format json` prints and `rehook plan --inventory FILE`
/// reads (`docs/planning.md`). On the wire it carries `"format": "rehook-inventory"` and
/// `"format_version": 1`. Written with `Encodable` (`InventoryFile.encode`); read by
/// `InventoryFile.decode` through `JSONByteReader` (`readInventory()` below), which checks
/// what a file must satisfy.
public struct Inventory: Sendable, Encodable, Hashable {
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

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Inventory.formatName, forKey: .format)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(accounts, forKey: .accounts)
    }
}

/// The webhooks read from one account of one vendor.
public struct AccountInventory: Sendable, Encodable, Hashable {
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

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(account, forKey: .account)
        try container.encodeIfPresent(eventCatalogue, forKey: .eventCatalogue)
        try container.encode(webhooks, forKey: .webhooks)
    }
}

// MARK: - Reading (InventoryFile.decode)

extension Inventory {
    static func checkFormat(_ format: String) throws(JSONReadError) {
        guard format == formatName else {
            throw JSONReadError(problem: .invalid(
                "expected \"\(formatName)\", found \"\(format)\" (is this a plan or another file?)"))
        }
    }

    static func checkVersion(_ version: Int) throws(JSONReadError) {
        guard version == currentFormatVersion else {
            throw JSONReadError(problem: .invalid(
                "this rehook reads inventory format \(currentFormatVersion), the file has \(version)"))
        }
    }
}

extension JSONByteReader {
    /// An inventory document: `format` and `format_version` checked, each vendor/account pair
    /// once, each webhook in its own account and unique there. `concurrently`: the accounts
    /// read by `readAccountsConcurrently()`, whose errors are not precise.
    mutating func readInventory(concurrently: Bool) throws(JSONReadError) -> Inventory {
        var format: String?
        var version: Int?
        var accounts: [AccountInventory]?
        try readObject { reader, key throws(JSONReadError) in
            if key.is("format") {
                format = try reader.readString()
            } else if key.is("format_version") {
                version = try reader.readInt()
            } else if key.is("accounts") {
                if concurrently {
                    accounts = try reader.readAccountsConcurrently()
                } else {
                    var list: [AccountInventory] = []
                    try reader.readArray { reader, _ throws(JSONReadError) in list.append(try reader.readAccountInventory()) }
                    accounts = list
                }
            } else {
                try reader.skipValue()
            }
        }
        guard let format else { throw JSONReadError(problem: .missingKey("format")) }
        do throws(JSONReadError) { try Inventory.checkFormat(format) } catch { throw error.within(.key("format")) }
        guard let version else { throw JSONReadError(problem: .missingKey("format_version")) }
        do throws(JSONReadError) { try Inventory.checkVersion(version) } catch { throw error.within(.key("format_version")) }
        guard let accounts else { throw JSONReadError(problem: .missingKey("accounts")) }
        var seen = Set<String>()
        for account in accounts where !seen.insert("\(account.vendor)/\(account.account)").inserted {
            throw JSONReadError(path: [.key("accounts")],
                                problem: .invalid("account \(account.vendor)/\(account.account) appears twice"))
        }
        var inventory = Inventory(accounts: accounts)
        inventory.formatVersion = version
        return inventory
    }

    mutating func readAccountInventory() throws(JSONReadError) -> AccountInventory {
        var vendor: VendorID?
        var account: String?
        var webhooks: [Webhook]?
        var catalogue: [String]?
        try readObject { reader, key throws(JSONReadError) in
            if key.is("vendor") {
                vendor = try reader.readVendor()
            } else if key.is("account") {
                account = try reader.readString()
            } else if key.is("event_catalogue") {
                catalogue = try reader.readNull() ? nil : try reader.readStrings()
            } else if key.is("webhooks") {
                var list: [Webhook] = []
                try reader.readArray { reader, _ throws(JSONReadError) in list.append(try reader.readWebhook()) }
                webhooks = list
            } else {
                try reader.skipValue()
            }
        }
        guard let vendor else { throw JSONReadError(problem: .missingKey("vendor")) }
        guard let account else { throw JSONReadError(problem: .missingKey("account")) }
        guard let webhooks else { throw JSONReadError(problem: .missingKey("webhooks")) }
        var seen = Set<String>(minimumCapacity: webhooks.count)
        for webhook in webhooks {
            guard webhook.vendor == vendor, webhook.account == account else {
                throw JSONReadError(path: [.key("webhooks")], problem: .invalid(
                    "webhook '\(webhook.id)' belongs to \(webhook.vendor)/\(webhook.account), not to this account \(vendor)/\(account)"))
            }
            guard seen.insert(webhook.id).inserted else {
                throw JSONReadError(path: [.key("webhooks")], problem: .invalid("webhook id '\(webhook.id)' appears twice"))
            }
        }
        return AccountInventory(vendor: vendor, account: account, webhooks: webhooks, eventCatalogue: catalogue)
    }
}
