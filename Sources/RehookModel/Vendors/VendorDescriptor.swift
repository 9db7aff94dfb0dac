/// Everything rehook knows about one vendor without talking to it: its name in scripts and
/// output, where its API and key live, how the key is sent, which fields a script may read
/// and set, and how hard it may be driven by default. One per vendor, in
/// `Vendors/<Vendor>/<Vendor>.swift`, listed in `VendorRegistry`.
public struct VendorDescriptor: Sendable {
    public let id: VendorID
    /// The vendor's own product name, for human output ("HeyGen").
    public let displayName: String
    /// Environment variable that holds the API key when no config file names another.
    public let keyVariable: String
    /// The documented production base URL.
    public let baseURL: String
    /// How the API key is sent.
    public let authorization: AuthorizationHeader
    /// The fields a script can read and set, with their rules.
    public let schema: VendorSchema
    /// The pace of an account when the configuration sets none.
    public let defaultRates: VendorRates

    init(_ id: VendorID, displayName: String, keyVariable: String, baseURL: String,
         authorization: AuthorizationHeader, defaultRates: VendorRates, schema: VendorSchema) {
        self.id = id
        self.displayName = displayName
        self.keyVariable = keyVariable
        self.baseURL = baseURL
        self.authorization = authorization
        self.defaultRates = defaultRates
        self.schema = schema
    }
}

/// The request header that carries the API key: `name: prefix + key`.
public struct AuthorizationHeader: Sendable, Hashable {
    public let name: String
    public let valuePrefix: String

    /// `x-api-key: KEY`.
    public static let apiKey = AuthorizationHeader(name: "x-api-key", valuePrefix: "")
    /// `Authorization: Bearer KEY`.
    public static let bearerToken = AuthorizationHeader(name: "Authorization", valuePrefix: "Bearer ")

    /// The header's value for `key`.
    public func value(for key: String) -> String { valuePrefix + key }
}

/// A vendor's default budgets (see docs/configuration.md).
public struct VendorRates: Sendable, Hashable {
    /// Every call, reads and writes alike; `nil` is unlimited.
    public let overall: RateLimit?
    /// A stricter budget for writes within `overall`; `nil`: only `overall` applies.
    public let writes: RateLimit?

    public init(overall: RateLimit?, writes: RateLimit? = nil) {
        self.overall = overall
        self.writes = writes
    }

    /// Where a vendor publishes nothing: a conservative 2 requests per second.
    public static let unpublished = VendorRates(overall: .unpublished)
}
