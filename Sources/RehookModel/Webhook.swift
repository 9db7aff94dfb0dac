/// One webhook as rehook sees it, whichever vendor it lives at.
///
/// Identity (`vendor`, `account`, `id`, `parentID`) never changes. The vendor-neutral
/// fields are typed; vendor extras (`name`, `timeout`, `version`, ...) live in `extras`
/// under their canonical name. Secrets are never stored here.
public struct Webhook: Sendable, Hashable, Codable {
    public var vendor: VendorID
    /// The configured account name (not a key).
    public var account: String
    public var id: String
    /// The parent resource, where the vendor nests webhooks (Talkover: the agent id).
    public var parentID: String?
    public var url: String
    public var events: EventSelection
    /// `nil` where the vendor has no such state (Argil, Composio).
    public var enabled: Bool?
    /// Vendor fields beyond the common ones, by canonical name.
    public var extras: [FieldName: FieldValue]

    public init(vendor: VendorID, account: String, id: String, parentID: String? = nil, url: String,
                events: EventSelection, enabled: Bool? = nil, extras: [FieldName: FieldValue] = [:]) {
        self.vendor = vendor
        self.account = account
        self.id = id
        self.parentID = parentID
        self.url = url
        self.events = events
        self.enabled = enabled
        self.extras = extras
    }

    /// A key that is unique across vendors and accounts.
    public var key: WebhookKey { WebhookKey(vendor: vendor, account: account, id: id) }

    /// The current value of a canonical field, or `nil` when the webhook has none.
    public subscript(field: FieldName) -> FieldValue? {
        get {
            switch field {
            case .id: .string(id)
            case .vendor: .string(vendor.rawValue)
            case .account: .string(account)
            case .agent: parentID.map(FieldValue.string)
            case .url: .string(url)
            case .events: .events(events)
            case .enabled: enabled.map(FieldValue.bool)
            default: extras[field]
            }
        }
        set {
            switch (field, newValue) {
            case (.id, _), (.vendor, _), (.account, _), (.agent, _): break // identity is read-only
            case (.url, .string(let s)?): url = s
            case (.events, .events(let e)?): events = e
            case (.events, .strings(let list)?): events = .list(list)
            case (.enabled, .bool(let b)?): enabled = b
            case (.enabled, nil): enabled = nil
            case (.secret, _): break // secrets are never held in the model
            default: extras[field] = newValue
            }
        }
    }

    private enum CodingKeys: String, CodingKey { case vendor, account, id, parentID = "parent_id", url, events, enabled, extras }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vendor = try c.decode(VendorID.self, forKey: .vendor)
        account = try c.decode(String.self, forKey: .account)
        id = try c.decode(String.self, forKey: .id)
        parentID = try c.decodeIfPresent(String.self, forKey: .parentID)
        url = try c.decode(String.self, forKey: .url)
        events = try c.decodeIfPresent(EventSelection.self, forKey: .events) ?? .all
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        let raw = try c.decodeIfPresent([String: FieldValue].self, forKey: .extras) ?? [:]
        var extras: [FieldName: FieldValue] = [:]
        for (name, value) in raw {
            guard let field = FieldName(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .extras, in: c,
                                                       debugDescription: "unknown field '\(name)'")
            }
            extras[field] = value
        }
        self.extras = extras
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(account, forKey: .account)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(parentID, forKey: .parentID)
        try c.encode(url, forKey: .url)
        try c.encode(events, forKey: .events)
        try c.encodeIfPresent(enabled, forKey: .enabled)
        if !extras.isEmpty {
            try c.encode(Dictionary(uniqueKeysWithValues: extras.map { ($0.key.rawValue, $0.value) }), forKey: .extras)
        }
    }
}

/// Identifies one webhook across the whole fleet.
public struct WebhookKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var vendor: VendorID
    public var account: String
    public var id: String

    public init(vendor: VendorID, account: String, id: String) {
        self.vendor = vendor
        self.account = account
        self.id = id
    }

    public var description: String { "\(vendor)/\(account)/\(id)" }

    public static func < (a: WebhookKey, b: WebhookKey) -> Bool {
        (a.vendor, a.account, a.id) < (b.vendor, b.account, b.id)
    }
}
