import Foundation
import RehookModel

/// One vendor account's webhooks, read and written the vendor's way.
public protocol VendorAdapter: Sendable {
    var vendor: VendorID { get }
    /// The configured account name.
    var account: String { get }
    /// Every webhook of the account, all pages (Talkover agents → webhooks, Composio cursor).
    func listWebhooks() async throws(VendorError) -> [Webhook]
    /// The event names the vendor accepts (HeyGen webhook.list, Jogg /v2/events, Talkover
    /// available_events of every agent, Composio event_types; Argil its closed set).
    func eventCatalogue() async throws(VendorError) -> Set<String>
    /// Whether `eventCatalogue()` reads what `listWebhooks()` returned (Talkover's comes with
    /// each agent's listing), so that it must follow the listing; otherwise a reader may ask for
    /// both at once. Default: false.
    var catalogueFollowsListing: Bool { get }
    /// How many answers in a row a listing waits for at the least (Talkover: its agents, then
    /// their webhooks): readers start the accounts whose listings take longest first, so that
    /// the slowest finish sooner. Default: 1.
    var listingRoundTrips: Int { get }
    /// Writes `changes` to the live webhook `live` and returns the state the vendor reports back.
    /// Secrets in `changes` are resolved through `secrets` at call time.
    func update(_ live: Webhook, changes: [FieldName: FieldValue], secrets: any SecretResolving)
        async throws(VendorError) -> Webhook
}

/// Builds adapters.
public enum VendorAdapters {
    /// Most pages a listing follows before giving up on a vendor that never stops paging.
    public static let pageLimit = 1000

    /// The adapter for `account`'s vendor.
    /// - Parameters:
    ///   - pipeline: Paces and retries the account's calls; by default one attempt each (tests).
    ///   - now: Clock used to read `Retry-After` dates (inject a fixed one in tests).
    public static func make(for account: Account, key: APIKey, transport: any HTTPTransport,
                            pipeline: AccountPipeline? = nil,
                            now: @escaping @Sendable () -> Date = Date.init) -> any VendorAdapter {
        let pipeline = pipeline ?? .singleAttempt(account.vendor, account: account.name)
        func connection(_ dialect: ErrorDialect) -> VendorConnection {
            VendorConnection(account: account, key: key, transport: transport, pipeline: pipeline, dialect: dialect,
                             now: now)
        }
        let adapter = AdapterRegistry.adapter(for: account.vendor)
        return adapter.init(connection(adapter.dialect))
    }

    /// The vendors an adapter is registered for, in `AdapterRegistry` order.
    public static var supportedVendors: [VendorID] { AdapterRegistry.adapters.map { $0.registeredVendor } }
}

/// Shared by every adapter: identity from its connection.
protocol ConnectedAdapter: VendorAdapter {
    var connection: VendorConnection { get }
}

/// An adapter `AdapterRegistry` can build: the vendor it speaks to, how that vendor words its
/// errors, and how it is made from a connection.
protocol RegisteredAdapter: ConnectedAdapter {
    static var registeredVendor: VendorID { get }
    static var dialect: ErrorDialect { get }
    init(_ connection: VendorConnection)
}

extension VendorAdapter {
    public var catalogueFollowsListing: Bool { false }
    public var listingRoundTrips: Int { 1 }
}

extension ConnectedAdapter {
    public var vendor: VendorID { connection.vendor }
    public var account: String { connection.account.name }

    /// Reads the requested changes, refusing fields the vendor cannot set.
    func changeSet(_ changes: [FieldName: FieldValue], call: String) throws(VendorError) -> ChangeSet {
        let schema = VendorSchema.of(vendor)
        guard !changes.isEmpty else {
            throw connection.failure(.invalidRequest, call, "no field to change")
        }
        for field in changes.keys.sorted() where schema.spec(field)?.settable != true {
            throw connection.failure(.invalidRequest, call,
                                     "\(vendor.displayName) cannot set '\(field)' (settable: "
                                     + schema.settableFields.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return ChangeSet(values: changes, connection: connection, call: call)
    }
}

/// The requested changes of one update, with typed accessors that fail as `.invalidRequest`.
struct ChangeSet {
    let values: [FieldName: FieldValue]
    let connection: VendorConnection
    let call: String

    /// Changed fields in canonical order.
    var fields: [FieldName] { values.keys.sorted() }

    func contains(_ field: FieldName) -> Bool { values[field] != nil }

    private func wrongType(_ field: FieldName, _ expected: String) -> VendorError {
        connection.failure(.invalidRequest, call,
                           "'\(field)' must be \(expected), got \(values[field].map(String.init(describing:)) ?? "nothing")")
    }

    func string(_ field: FieldName) throws(VendorError) -> String? {
        switch values[field] {
        case nil: return nil
        case .string(let text)?: return text
        default: throw wrongType(field, "a string")
        }
    }

    func int(_ field: FieldName) throws(VendorError) -> Int? {
        switch values[field] {
        case nil: return nil
        case .int(let number)?: return number
        default: throw wrongType(field, "an integer")
        }
    }

    func bool(_ field: FieldName) throws(VendorError) -> Bool? {
        switch values[field] {
        case nil: return nil
        case .bool(let flag)?: return flag
        default: throw wrongType(field, "a boolean")
        }
    }

    func strings(_ field: FieldName) throws(VendorError) -> [String]? {
        switch values[field] {
        case nil: return nil
        case .strings(let list)?: return list
        default: throw wrongType(field, "a list of strings")
        }
    }

    /// New events; `.all` only where the vendor has "all events".
    func events() throws(VendorError) -> EventSelection? {
        switch values[.events] {
        case nil: return nil
        case .events(let selection)?: return try checkedEvents(selection)
        case .strings(let list)?: return .list(list)
        default: throw wrongType(.events, "a list of event names")
        }
    }

    /// Events to send: the new ones, or the live ones carried over.
    func eventNames(carrying live: EventSelection) throws(VendorError) -> [String] {
        let selection = try events() ?? live
        guard let names = try checkedEvents(selection).names else { return [] }
        return names
    }

    private func checkedEvents(_ selection: EventSelection) throws(VendorError) -> EventSelection {
        if selection == .all && !VendorSchema.of(connection.vendor).supportsAllEvents {
            throw connection.failure(.invalidRequest, call,
                                     "\(connection.vendor.displayName) has no \"all events\" selection; list the events")
        }
        return selection
    }

    /// A secret change resolved to its value (for the request body only).
    func secret(_ field: FieldName, using resolver: any SecretResolving) throws(VendorError) -> String? {
        switch values[field] {
        case nil: return nil
        case .secret(let reference)?:
            do {
                return try resolver.resolve(reference)
            } catch {
                throw connection.failure(.invalidRequest, call, "cannot read secret \(reference): \(error.message)")
            }
        default: throw wrongType(field, "a secret reference (env(\"VAR\") or file(\"path\"))")
        }
    }
}

/// Percent-encodes an id for use as one path segment.
func pathSegment(_ id: String) -> String { VendorConnection.escape(id) }

extension RehookConfiguration {
    /// One adapter per account, in configuration order, each with its key loaded now.
    /// Fails on the first account whose key cannot be read, naming it.
    public func makeAdapters(transport: any HTTPTransport,
                             environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> [any VendorAdapter] {
        var adapters: [any VendorAdapter] = []
        for account in accounts {
            adapters.append(VendorAdapters.make(for: account, key: try account.loadKey(environment: environment),
                                                transport: transport))
        }
        return adapters
    }
}
