import Foundation
import RehookModel

/// The sandbox's whole state as a JSON document: what `--fixture` seeds from, what
/// `GET /_sandbox/state` returns and what `RunningSandbox.state.export()` gives. It holds
/// secret values (so a test can check a secret was set): the file belongs to the sandbox only.
/// The format is described in docs/sandbox.md.
public struct SandboxFixture: Sendable, Hashable, Codable {
    public static let formatName = "rehook-sandbox"
    public static let currentFormatVersion = 1

    public var format: String
    public var formatVersion: Int
    public var accounts: [SandboxAccount]

    public init(accounts: [SandboxAccount]) {
        self.format = Self.formatName
        self.formatVersion = Self.currentFormatVersion
        self.accounts = accounts
    }

    private enum CodingKeys: String, CodingKey { case format, formatVersion = "format_version", accounts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decodeIfPresent(String.self, forKey: .format) ?? Self.formatName
        formatVersion = try container.decodeIfPresent(Int.self, forKey: .formatVersion) ?? Self.currentFormatVersion
        guard format == Self.formatName else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: container,
                                                   debugDescription: "expected \"\(Self.formatName)\", found \"\(format)\"")
        }
        guard formatVersion <= Self.currentFormatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: container,
                debugDescription: "format_version \(formatVersion) is newer than this build reads (\(Self.currentFormatVersion))")
        }
        accounts = try container.decodeIfPresent([SandboxAccount].self, forKey: .accounts) ?? []
    }

    /// Reads and checks a fixture file; errors name the file and what is wrong.
    public static func load(from url: URL) throws -> SandboxFixture {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SandboxError.unreadableFixture(path: url.path, reason: "cannot read the file")
        }
        return try decode(data, source: url.path)
    }

    /// Decodes and checks fixture JSON; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws -> SandboxFixture {
        let fixture: SandboxFixture
        do {
            fixture = try JSONDecoder().decode(SandboxFixture.self, from: data)
        } catch let error as DecodingError {
            throw SandboxError.unreadableFixture(path: source, reason: error.sandboxDescription)
        } catch {
            throw SandboxError.unreadableFixture(path: source, reason: "not JSON")
        }
        try fixture.validate(source: source)
        return fixture
    }

    /// Writes the fixture as pretty, key-sorted JSON.
    public func write(to url: URL) throws {
        try encodedJSON().write(to: url, options: .atomic)
    }

    /// Pretty, key-sorted JSON text.
    public func encodedJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Checks what JSON decoding cannot: unique keys, names and ids.
    func validate(source: String) throws {
        var keys = Set<String>()
        var names = Set<String>()
        for account in accounts {
            let where_ = "\(account.vendor)/\(account.name)"
            guard !account.key.isEmpty, keys.insert("\(account.vendor) \(account.key)").inserted else {
                throw SandboxError.unreadableFixture(path: source, reason: "account \(where_): key is empty or used twice")
            }
            guard names.insert(where_).inserted else {
                throw SandboxError.unreadableFixture(path: source, reason: "account \(where_) appears twice")
            }
            var ids = Set<String>()
            for webhook in account.allWebhooks where !ids.insert(webhook.id).inserted {
                throw SandboxError.unreadableFixture(path: source, reason: "account \(where_): webhook id \(webhook.id) appears twice")
            }
            let nested = FakeRegistry.fake(for: account.vendor).nestsWebhooksInAgents
            if !nested, !account.agents.isEmpty {
                let owners = FakeRegistry.fakes.filter { $0.nestsWebhooksInAgents }.map { $0.vendor.displayName }
                throw SandboxError.unreadableFixture(
                    path: source, reason: "account \(where_): only \(owners.joined(separator: ", ")) accounts have agents")
            }
            if nested, !account.webhooks.isEmpty {
                throw SandboxError.unreadableFixture(path: source, reason:
                    "account \(where_): \(account.vendor.displayName) webhooks belong in an agent's \"webhooks\"")
            }
        }
    }
}

/// One vendor account, identified on the wire by its API key.
public struct SandboxAccount: Sendable, Hashable, Codable, CustomStringConvertible {
    public var vendor: VendorID
    /// The account's name in rehook's configuration and in stats.
    public var name: String
    /// The API key the sandbox accepts for this account (sandbox keys are not real secrets).
    public var key: String
    /// The owner reported by Jogg and HeyGen (`username`), and HeyGen's `space_id`.
    public var username: String
    /// The vendor's event catalogue for this account; `nil` means the vendor's standard one.
    public var events: [SandboxEvent]?
    /// Webhooks of every vendor but Talkover.
    public var webhooks: [SandboxWebhook]
    /// Talkover only: agents, each with its webhooks.
    public var agents: [SandboxAgent]

    public init(vendor: VendorID, name: String, key: String, username: String? = nil, events: [SandboxEvent]? = nil,
                webhooks: [SandboxWebhook] = [], agents: [SandboxAgent] = []) {
        self.vendor = vendor
        self.name = name
        self.key = key
        self.username = username ?? name
        self.events = events
        self.webhooks = webhooks
        self.agents = agents
    }

    private enum CodingKeys: String, CodingKey { case vendor, name, key, username, events, webhooks, agents }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vendor = try container.decode(VendorID.self, forKey: .vendor)
        name = try container.decode(String.self, forKey: .name)
        key = try container.decode(String.self, forKey: .key)
        username = try container.decodeIfPresent(String.self, forKey: .username) ?? name
        events = try container.decodeIfPresent([SandboxEvent].self, forKey: .events)
        webhooks = try container.decodeIfPresent([SandboxWebhook].self, forKey: .webhooks) ?? []
        agents = try container.decodeIfPresent([SandboxAgent].self, forKey: .agents) ?? []
    }

    /// Every webhook of the account, Talkover agents' included.
    public var allWebhooks: [SandboxWebhook] { webhooks + agents.flatMap(\.webhooks) }

    /// The account's event catalogue (its own, or the vendor's standard one).
    public var eventCatalogue: [SandboxEvent] { events ?? SandboxCatalogue.events(for: vendor) }

    /// Names the account without its key.
    public var description: String { "\(vendor)/\(name) (\(allWebhooks.count) webhooks)" }
}

/// One event of a vendor's catalogue.
public struct SandboxEvent: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// Composio: payload versions that carry the event.
    public var supportedVersions: [String]?

    public init(_ name: String, _ description: String = "", supportedVersions: [String]? = nil) {
        self.name = name
        self.description = description
        self.supportedVersions = supportedVersions
    }

    private enum CodingKeys: String, CodingKey { case name, description, supportedVersions = "supported_versions" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        supportedVersions = try container.decodeIfPresent([String].self, forKey: .supportedVersions)
    }
}

/// A Talkover agent.
public struct SandboxAgent: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The agent's `available_events` (key → description); `nil` means Talkover's standard set.
    public var availableEvents: [String: String]?
    public var webhooks: [SandboxWebhook]

    public init(id: String, name: String, availableEvents: [String: String]? = nil, webhooks: [SandboxWebhook] = []) {
        self.id = id
        self.name = name
        self.availableEvents = availableEvents
        self.webhooks = webhooks
    }

    private enum CodingKeys: String, CodingKey { case id, name, availableEvents = "available_events", webhooks }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        availableEvents = try container.decodeIfPresent([String: String].self, forKey: .availableEvents)
        webhooks = try container.decodeIfPresent([SandboxWebhook].self, forKey: .webhooks) ?? []
    }

}

extension DecodingError {
    /// One line naming the JSON path and the problem.
    var sandboxDescription: String {
        func path(_ context: Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop { $0 == "." })
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context)): missing \"\(key.stringValue)\""
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "invalid JSON"
        }
    }
}
