import Foundation

/// One webhook as the sandbox stores it: the union of what the five vendors keep. Each
/// vendor's routes show only their own fields, under their own wire names. Holds the secret
/// value, which `description` never prints.
public struct SandboxWebhook: Sendable, Hashable, Codable, CustomStringConvertible {
    public var id: String
    public var url: String
    /// `nil` means "all events" (HeyGen's `events: null`).
    public var events: [String]?
    /// Jogg and HeyGen `status`, Talkover `enabled`.
    public var enabled: Bool
    /// Jogg, HeyGen and Composio: the server-made signing secret; Talkover: `webhook_secret`.
    public var secret: String?
    /// Unix seconds.
    public var createdAt: Int
    public var updatedAt: Int

    // Talkover
    public var name: String?
    public var timeout: Int?
    public var maxRetries: Int?
    public var httpMethod: String?
    public var authorizationScheme: String?
    public var customHeaders: [SandboxHeader]?
    public var payloadTemplates: JSONValue?

    // Composio
    public var version: String?

    public init(id: String, url: String, events: [String]?, enabled: Bool = true, secret: String? = nil,
                createdAt: Int = SandboxWebhook.defaultCreatedAt, name: String? = nil, timeout: Int? = nil,
                maxRetries: Int? = nil, httpMethod: String? = nil, authorizationScheme: String? = nil,
                customHeaders: [SandboxHeader]? = nil, payloadTemplates: JSONValue? = nil, version: String? = nil) {
        self.id = id
        self.url = url
        self.events = events
        self.enabled = enabled
        self.secret = secret
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.name = name
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.httpMethod = httpMethod
        self.authorizationScheme = authorizationScheme
        self.customHeaders = customHeaders
        self.payloadTemplates = payloadTemplates
        self.version = version
    }

    /// 2025-01-01T00:00:00Z, the creation time of webhooks a fixture leaves undated.
    public static let defaultCreatedAt = 1_735_689_600

    public var description: String {
        "webhook \(id) → \(url) events: \(events.map { $0.joined(separator: ",") } ?? "all")"
            + (secret == nil ? "" : " secret: (redacted)")
    }

    private enum CodingKeys: String, CodingKey {
        case id, url, events, enabled, secret, createdAt = "created_at", updatedAt = "updated_at"
        case name, timeout, maxRetries = "max_retries", httpMethod = "http_method"
        case authorizationScheme = "authorization_scheme", customHeaders = "custom_headers"
        case payloadTemplates = "payload_templates", version
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        url = try c.decode(String.self, forKey: .url)
        events = try c.decodeIfPresent([String].self, forKey: .events)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        secret = try c.decodeIfPresent(String.self, forKey: .secret)
        createdAt = try c.decodeIfPresent(Int.self, forKey: .createdAt) ?? Self.defaultCreatedAt
        updatedAt = try c.decodeIfPresent(Int.self, forKey: .updatedAt) ?? createdAt
        name = try c.decodeIfPresent(String.self, forKey: .name)
        timeout = try c.decodeIfPresent(Int.self, forKey: .timeout)
        maxRetries = try c.decodeIfPresent(Int.self, forKey: .maxRetries)
        httpMethod = try c.decodeIfPresent(String.self, forKey: .httpMethod)
        authorizationScheme = try c.decodeIfPresent(String.self, forKey: .authorizationScheme)
        customHeaders = try c.decodeIfPresent([SandboxHeader].self, forKey: .customHeaders)
        payloadTemplates = try c.decodeIfPresent(JSONValue.self, forKey: .payloadTemplates)
        version = try c.decodeIfPresent(String.self, forKey: .version)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(events, forKey: .events) // null = all events
        try c.encode(enabled, forKey: .enabled)
        try c.encodeIfPresent(secret, forKey: .secret)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(timeout, forKey: .timeout)
        try c.encodeIfPresent(maxRetries, forKey: .maxRetries)
        try c.encodeIfPresent(httpMethod, forKey: .httpMethod)
        try c.encodeIfPresent(authorizationScheme, forKey: .authorizationScheme)
        try c.encodeIfPresent(customHeaders, forKey: .customHeaders)
        try c.encodeIfPresent(payloadTemplates, forKey: .payloadTemplates)
        try c.encodeIfPresent(version, forKey: .version)
    }
}

/// A Talkover custom header (`{key, value}`); values may be credentials, so `description`
/// shows only the key.
public struct SandboxHeader: Sendable, Hashable, Codable, CustomStringConvertible {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    public var description: String { "\(key): (redacted)" }
}

/// A change to a webhook's stored fields; `nil` leaves a field alone. Vendor routes build one
/// from a validated request body; the admin endpoint builds one from any body.
public struct SandboxWebhookPatch: Sendable, Hashable {
    public enum Events: Sendable, Hashable {
        case all
        case list([String])
    }

    public var url: String?
    public var events: Events?
    public var enabled: Bool?
    public var secret: String?
    public var name: String?
    public var timeout: Int?
    public var maxRetries: Int?
    public var httpMethod: String?
    public var authorizationScheme: String?
    public var customHeaders: [SandboxHeader]?
    public var payloadTemplates: JSONValue?
    public var version: String?

    public init(url: String? = nil, events: Events? = nil, enabled: Bool? = nil, secret: String? = nil,
                name: String? = nil, timeout: Int? = nil, maxRetries: Int? = nil, httpMethod: String? = nil,
                authorizationScheme: String? = nil, customHeaders: [SandboxHeader]? = nil,
                payloadTemplates: JSONValue? = nil, version: String? = nil) {
        self.url = url
        self.events = events
        self.enabled = enabled
        self.secret = secret
        self.name = name
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.httpMethod = httpMethod
        self.authorizationScheme = authorizationScheme
        self.customHeaders = customHeaders
        self.payloadTemplates = payloadTemplates
        self.version = version
    }

    /// Applies the change, stamping `updatedAt`.
    func apply(to webhook: inout SandboxWebhook, at time: Int) {
        if let url { webhook.url = url }
        switch events {
        case .all: webhook.events = nil
        case .list(let names): webhook.events = names
        case nil: break
        }
        if let enabled { webhook.enabled = enabled }
        if let secret { webhook.secret = secret }
        if let name { webhook.name = name }
        if let timeout { webhook.timeout = timeout }
        if let maxRetries { webhook.maxRetries = maxRetries }
        if let httpMethod { webhook.httpMethod = httpMethod }
        if let authorizationScheme { webhook.authorizationScheme = authorizationScheme }
        if let customHeaders { webhook.customHeaders = customHeaders }
        if let payloadTemplates { webhook.payloadTemplates = payloadTemplates }
        if let version { webhook.version = version }
        webhook.updatedAt = time
    }
}
