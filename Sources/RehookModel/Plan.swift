import Foundation

/// A plan: what rehook will change, webhook by webhook, with the live state each change
/// was computed from. Saved as JSON by `PlanFile` (`docs/plan-format.md`); holds no secret values.
public struct Plan: Sendable, Codable, Hashable {
    /// `PlanFile.formatName`.
    public var format: String
    /// `PlanFile.formatVersion` for a plan made by this build.
    public var formatVersion: Int
    /// ISO 8601 time the plan was made.
    public var createdAt: String
    /// Where the plan came from (script path and a digest of its text).
    public var source: PlanSource?
    public var changes: [PlannedChange]
    /// Webhooks a rule matched whose final state equals their live state.
    public var unchangedMatches: Int
    /// Review warnings raised while planning, in human-readable form.
    public var warnings: [String]
    /// How long the apply takes at the configured rates, when the plan was made from a live
    /// fleet (not part of what the plan changes).
    public var estimate: PlanEstimate?
    /// What probing each distinct new URL found, when the plan's destinations were probed
    /// (`plan --probe`, `apply`); informational like `estimate`, not part of the digest. The
    /// review's findings about them are in `warnings`.
    public var probes: [DestinationProbeResult]?
    /// The review the plan passed, once reviewed (`RecordedReview`).
    public var review: RecordedReview?
    /// `sha256:<64 hex>` over the plan's content but its time and source (`PlanFile.digest(of:)`),
    /// once sealed by `PlanFile.sealed(_:)`: what a reviewer approves and `--expect-digest` checks.
    public var digest: String?

    public init(createdAt: String, source: PlanSource?, changes: [PlannedChange],
                unchangedMatches: Int, warnings: [String] = []) {
        self.format = PlanFile.formatName
        self.formatVersion = PlanFile.formatVersion
        self.createdAt = createdAt
        self.source = source
        self.changes = changes
        self.unchangedMatches = unchangedMatches
        self.warnings = warnings
    }

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", createdAt = "created_at", source, changes
        case unchangedMatches = "unchanged_matches", warnings, estimate, probes, review, digest
    }

    /// Every distinct URL the plan's changes set, in order of first appearance: the
    /// destinations a probe checks.
    public var newDestinations: [String] {
        var seen = Set<String>()
        return changes.compactMap(\.newURL).filter { seen.insert($0).inserted }
    }

    /// Changes per vendor, for summaries.
    public var countsByVendor: [VendorID: Int] {
        var counts: [VendorID: Int] = [:]
        changes.forEachInPlace { counts[$0.key.vendor, default: 0] += 1 }
        return counts
    }
}

/// The script a plan was computed from.
public struct PlanSource: Sendable, Codable, Hashable {
    public var path: String
    /// Stable digest of the script text.
    public var digest: String

    public init(path: String, digest: String) {
        self.path = path
        self.digest = digest
    }
}

/// The change to one webhook.
public struct PlannedChange: Sendable, Codable, Hashable {
    public var key: WebhookKey
    /// Fingerprint of the live state the change was planned against (stale check).
    public var fingerprint: String
    /// The live state when planned (no secrets).
    public var before: Webhook
    /// Each changed field, in canonical order.
    public var fields: [FieldChange]

    public init(before: Webhook, fields: [FieldChange]) {
        self.key = before.key
        self.fingerprint = before.fingerprint
        self.before = before
        self.fields = fields.sorted { $0.field < $1.field }
    }

    /// The state the webhook should have once the change is applied (secrets left out).
    public var after: Webhook {
        var webhook = before
        for change in fields { webhook[change.field] = change.after }
        return webhook
    }

    /// The URL this change sets, if it changes the URL.
    public var newURL: String? {
        guard let change = fields.first(where: { $0.field == .url }), case .string(let url) = change.after else {
            return nil
        }
        return url
    }

    /// The new values by field, as an adapter's update call takes them.
    public var newValues: [FieldName: FieldValue] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.field, $0.after) })
    }
}

/// One field's before and after.
public struct FieldChange: Sendable, Codable, Hashable {
    public var field: FieldName
    /// The live value; `nil` when the webhook has none or the vendor does not reveal it.
    public var before: FieldValue?
    /// `false` when the vendor never reveals the field (Talkover's secret, method, headers):
    /// the plan shows "set (current value unknown)".
    public var beforeKnown: Bool
    public var after: FieldValue

    public init(field: FieldName, before: FieldValue?, beforeKnown: Bool = true, after: FieldValue) {
        self.field = field
        self.before = before
        self.beforeKnown = beforeKnown
        self.after = after
    }

    private enum CodingKeys: String, CodingKey { case field, before, beforeKnown = "before_known", after }
}

/// FNV-1a 64-bit: a dependency-free, platform-stable digest for change detection
/// (not for security).
public enum StableDigest {
    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hexDigits(of: hash)
    }

    /// `hash` as 16 lowercase hex digits, written in place (`String(hash, radix: 16)` padded with
    /// zeros made three strings per fingerprint).
    static func hexDigits(of hash: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { digits in
            for index in 0..<16 {
                digits[index] = HexDigits.digit(UInt8(truncatingIfNeeded: hash >> (60 - 4 * UInt64(index))) & 0xF)
            }
            return 16
        }
    }

    public static func hex(of text: String) -> String { hex(of: Array(text.utf8)) }
}
