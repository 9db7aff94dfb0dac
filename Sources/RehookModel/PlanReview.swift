/// The review a plan passed, recorded in the plan (`review` in the plan file): the policy it
/// was reviewed under and how many findings of each severity it raised. The findings
/// themselves are the `error:`/`warning:` lines of `Plan.warnings`. `apply` reviews a saved
/// plan again under this policy and the current one, and refuses it when either finds errors.
public struct RecordedReview: Sendable, Codable, Hashable {
    public var policy: RecordedPolicy
    public var errors: Int
    public var warnings: Int

    public init(policy: RecordedPolicy, errors: Int, warnings: Int) {
        self.policy = policy
        self.errors = errors
        self.warnings = warnings
    }
}

/// A review policy as recorded in a plan: plain values, read back by `ReviewPolicy(recorded:)`.
public struct RecordedPolicy: Sendable, Codable, Hashable {
    /// Every warning is an error.
    public var strict: Bool
    /// The most webhooks one plan may change; `nil` for no limit.
    public var maxChanges: Int?
    /// The `allow_hosts` patterns as written; `nil` allows any host.
    public var allowHosts: [String]?
    /// A plain-http URL is an error.
    public var requireHTTPS: Bool

    public init(strict: Bool = false, maxChanges: Int? = nil, allowHosts: [String]? = nil, requireHTTPS: Bool = false) {
        self.strict = strict
        self.maxChanges = maxChanges
        self.allowHosts = allowHosts
        self.requireHTTPS = requireHTTPS
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        strict = try container.decode(Bool.self, forKey: .strict)
        maxChanges = try container.decodeIfPresent(Int.self, forKey: .maxChanges)
        allowHosts = try container.decodeIfPresent([String].self, forKey: .allowHosts)
        requireHTTPS = try container.decodeIfPresent(Bool.self, forKey: .requireHTTPS) ?? false
    }

    private enum CodingKeys: String, CodingKey {
        case strict, maxChanges = "max_changes", allowHosts = "allow_hosts", requireHTTPS = "require_https"
    }
}

extension JSONByteWriter {
    mutating func recordedReview(_ review: RecordedReview) {
        openObject()
        key("errors"); int(review.errors)
        key("policy")
        openObject()
        if let hosts = review.policy.allowHosts { key("allow_hosts"); strings(hosts) }
        if let maxChanges = review.policy.maxChanges { key("max_changes"); int(maxChanges) }
        key("require_https"); bool(review.policy.requireHTTPS)
        key("strict"); bool(review.policy.strict)
        closeObject()
        key("warnings"); int(review.warnings)
        closeObject()
    }
}
