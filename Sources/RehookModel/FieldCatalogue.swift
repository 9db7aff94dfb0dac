/// Canonical field names, the same across vendors. Scripts, plans and diffs use only these;
/// adapters translate them to each vendor's wire names.
public enum FieldName: String, CaseIterable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case id, vendor, account
    /// Talkover: the agent a webhook belongs to (its id) and that agent's name.
    case agent, agentName = "agent_name"
    case url, events, enabled, name, secret, timeout
    case maxRetries = "max_retries"
    case httpMethod = "http_method"
    case authScheme = "auth_scheme"
    case headers, version
    /// JoggAI and HeyGen: the owner of the endpoint.
    case username

    public var description: String { rawValue }

    public static func < (lhs: FieldName, rhs: FieldName) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    /// The position in `allCases`. Hashing and ordering use it: a raw-value enum otherwise
    /// hashes its string, and every extras lookup of every webhook of a plan hashes a name.
    private var ordinal: Int {
        switch self {
        case .id: 0
        case .vendor: 1
        case .account: 2
        case .agent: 3
        case .agentName: 4
        case .url: 5
        case .events: 6
        case .enabled: 7
        case .name: 8
        case .secret: 9
        case .timeout: 10
        case .maxRetries: 11
        case .httpMethod: 12
        case .authScheme: 13
        case .headers: 14
        case .version: 15
        case .username: 16
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    /// Vendor-native spellings users are likely to type, mapped to the canonical name.
    public static let nativeSpellings: [String: FieldName] = [
        "callbackUrl": .url, "callback_url": .url, "webhook_url": .url, "webhookUrl": .url, "endpoint": .url,
        "enabled_events": .events, "enabledEvents": .events, "event_types": .events,
        "status": .enabled, "active": .enabled,
        "webhook_secret": .secret, "signing_secret": .secret,
        "authorization_scheme": .authScheme, "custom_headers": .headers,
        "endpoint_id": .id, "agent_id": .agent, "method": .httpMethod, "retries": .maxRetries,
    ]
}

/// The type of a field's values, as the checker and planner see them.
public enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case string
    case int
    case bool
    case url
    case events
    case stringList
    case enumeration([String])
    case secret

    public var description: String {
        switch self {
        case .string: "string"
        case .int: "integer"
        case .bool: "boolean"
        case .url: "URL string"
        case .events: "list of event names"
        case .stringList: "list of strings"
        case .enumeration(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .secret: "secret (env(\"VAR\") or file(\"path\"))"
        }
    }
}

/// What one vendor documents about one field.
public struct FieldSpec: Sendable, Hashable {
    public let name: FieldName
    public let type: FieldType
    /// The vendor's name for the field on the wire, if it has one.
    public let nativeName: String?
    /// The vendor's LIST call reveals the current value.
    public let readable: Bool
    /// The vendor's UPDATE call can change it.
    public let settable: Bool
    /// Inclusive integer range (Talkover `timeout` 5–120).
    public let range: ClosedRange<Int>?
    /// Maximum string length in characters.
    public let maxLength: Int?
    /// Minimum number of list items (events: at least one).
    public let minCount: Int?
    /// URL must use https.
    public let requiresHTTPS: Bool
    /// URL must point at a public host: no localhost, private, loopback or link-local address
    /// (HeyGen's "public https").
    public let requiresPublicHost: Bool

    public init(_ name: FieldName, _ type: FieldType, native: String? = nil, readable: Bool = true,
                settable: Bool = false, range: ClosedRange<Int>? = nil, maxLength: Int? = nil,
                minCount: Int? = nil, requiresHTTPS: Bool = false, requiresPublicHost: Bool = false) {
        self.requiresPublicHost = requiresPublicHost
        self.name = name
        self.type = type
        self.nativeName = native
        self.readable = readable
        self.settable = settable
        self.range = range
        self.maxLength = maxLength
        self.minCount = minCount
        self.requiresHTTPS = requiresHTTPS
    }
}

/// How a vendor's event names can be checked.
public enum EventCatalogueKind: Sendable, Hashable {
    /// A fixed, documented set (Argil).
    case closed([String])
    /// Fetched from the vendor at plan time.
    case live
}

/// Everything rehook knows statically about one vendor (from CONTRACT.md and the vendor pages).
public struct VendorSchema: Sendable {
    public let vendor: VendorID
    public let fields: [FieldName: FieldSpec]
    public let eventCatalogue: EventCatalogueKind
    /// `set events all` is meaningful (HeyGen's `events: null`).
    public let supportsAllEvents: Bool

    public func spec(_ field: FieldName) -> FieldSpec? { fields[field] }

    /// Fields the vendor's update call can change, in canonical order.
    public var settableFields: [FieldName] { fields.values.filter(\.settable).map(\.name).sorted() }
    /// Fields a script can read, in canonical order.
    public var readableFields: [FieldName] { fields.keys.sorted() }

    init(_ vendor: VendorID, events: EventCatalogueKind, allEvents: Bool = false, _ specs: [FieldSpec]) {
        self.vendor = vendor
        self.eventCatalogue = events
        self.supportsAllEvents = allEvents
        let identity = [FieldSpec(.id, .string), FieldSpec(.vendor, .string), FieldSpec(.account, .string)]
        self.fields = Dictionary(uniqueKeysWithValues: (identity + specs).map { ($0.name, $0) })
    }
}

extension VendorSchema {
    /// The schema of `vendor`, from its descriptor.
    public static func of(_ vendor: VendorID) -> VendorSchema { vendor.descriptor.schema }
}
