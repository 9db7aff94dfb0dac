import Foundation
import RehookModel
import RehookReview
import RehookVendors

/// A plan saved by `rehook plan --out`, as `apply` and `show` take it: read change by change
/// (`PlanFile.open`: every change checked, none held, the digest verified as it is read), its
/// digest checked against `--expect-digest`, narrowed by `--vendor`, `--account` and `--shard` as
/// a script's plan would be, and reviewed again before anything is sent.
struct SavedPlan: Sendable {
    /// The plan as reviewed and saved.
    let plan: StreamedPlan
    /// The secrets its changes set, in the order they first appear.
    let secrets: [SecretReference]
    /// The `--vendor`/`--account`/`--shard` selection `selected()` narrows to.
    private let selection: FleetOptions?
    /// The review of the changes `selection` selects, run while the file was read.
    let firstReadReview: ReviewPass?

    /// Opens `path`; `nil` when the file does not start like JSON (a script, then). The changes
    /// `selection` selects are handed to `review` as the file is read (`firstReadReview`).
    static func openIfPlan(_ path: String, selection: FleetOptions? = nil, review: ReviewPass? = nil) throws -> SavedPlan? {
        try startsWithBrace(path) ? SavedPlan(path: path, selection: selection, review: review) : nil
    }

    /// Opens `path`, which must be a plan file.
    static func open(_ path: String) throws -> SavedPlan {
        try SavedPlan(path: path, selection: nil, review: nil)
    }

    private init(path: String, selection: FleetOptions?, review: ReviewPass?) throws {
        var secrets = SecretReferences()
        var review = review
        do {
            plan = try PlanFile.open(path: path) { change in
                secrets.add(change)
                if review != nil, Self.selects(selection, change.key) { review?.add(change) }
            }
        } catch {
            throw CommandFailure("\(error)")
        }
        self.secrets = secrets.inOrder
        self.selection = selection
        firstReadReview = review
    }

    private init(plan: StreamedPlan, secrets: [SecretReference], selection: FleetOptions?, review: ReviewPass?) {
        self.plan = plan
        self.secrets = secrets
        self.selection = selection
        firstReadReview = review
    }

    /// Whether `selection` (none: every change) keeps the change of `key`.
    private static func selects(_ selection: FleetOptions?, _ key: WebhookKey) -> Bool {
        selection?.selects(vendor: key.vendor, account: key.account) ?? true
    }

    /// Whether the first byte of the file that is not whitespace is `{` (a plan file, not a script).
    private static func startsWithBrace(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure("\(path): no such file or not readable")
        }
        defer { try? handle.close() }
        while let piece = try? handle.read(upToCount: 4096), !piece.isEmpty {
            if let byte = piece.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
                return byte == UInt8(ascii: "{")
            }
        }
        return false
    }

    /// The digest of the plan as it was reviewed (its content's, whether or not it records one).
    func digest() throws -> String {
        try plan.digest()
    }

    /// The changes the selection it was opened with selects (`--vendor`, `--account`, `--shard`);
    /// a narrowed plan is sealed again, so that the run's plan.json is a plan file of its own.
    func selected() throws -> SavedPlan {
        let narrowed = plan.filter { Self.selects(selection, $0) }
        guard narrowed.count != plan.count else { return self }
        var secrets = SecretReferences()
        try narrowed.forEachChange { secrets.add($0) }
        return SavedPlan(plan: try narrowed.sealed(), secrets: secrets.inOrder, selection: selection, review: firstReadReview)
    }
}

/// The secrets changes set, each once, in the order they first appear.
struct SecretReferences {
    private(set) var inOrder: [SecretReference] = []
    private var seen = Set<SecretReference>()

    mutating func add(_ change: PlannedChange) {
        for field in change.fields {
            if case .secret(let reference) = field.after, seen.insert(reference).inserted { inOrder.append(reference) }
        }
    }
}

/// `--expect-digest`: the apply goes ahead only on the plan a reviewer approved.
enum DigestCheck {
    /// Fails, naming both digests, when `expected` is given and is not `actual`.
    static func require(_ expected: String?, actual: String) throws {
        guard let expected, expected != actual else { return }
        throw CommandFailure("the plan's digest is \(actual), not the \(expected) expected (--expect-digest); "
                             + "nothing was applied")
    }
}

extension ReviewOptions {
    /// The configuration's `[policy]` tightened by these flags: `--strict` adds strictness,
    /// `--max-changes` may only lower the limit.
    func policy(configured: ConfiguredPolicy) throws -> ReviewPolicy {
        try configured.reviewPolicy(strict: strict, maxChanges: maxChanges)
    }

    /// Reviews a saved plan again, under the policy it records and under this one with the
    /// current configuration: the plan annotated with every finding of both, whether either
    /// found an error, and the lower `max_changes` of the two. From `firstRead`, the review run
    /// while the file was read, when it saw every change of `plan` under the same change checks;
    /// otherwise in one pass over the changes.
    func review(saved plan: StreamedPlan, configured: ConfiguredPolicy, firstRead: ReviewPass? = nil) throws
        -> (plan: StreamedPlan, hasErrors: Bool, maxChanges: Int?) {
        var policies = [try policy(configured: configured)]
        if let recorded = plan.header.review?.policy {
            do {
                policies.append(try ReviewPolicy(recorded: recorded))
            } catch {
                throw CommandFailure("the plan's recorded review policy: \(error)")
            }
        }
        let fromFirstRead = firstRead.flatMap { $0.changeCount == plan.count ? $0.reports(of: plan.header, under: policies) : nil }
        let reports = try fromFirstRead ?? ReviewReport.reviews(of: plan.header, changeCount: plan.count, policies: policies) {
            try plan.forEachChange($0)
        }
        let annotated = plan.replacingHeader(reports.reduce(plan.header) { $1.annotating($0) })
        let maxChanges = reports.compactMap(\.policy.maxChanges).min()
        return (annotated, reports.contains(where: \.hasErrors), maxChanges)
    }
}

extension ConfiguredPolicy {
    /// This policy as the review runs it, tightened by `strict` and a lower `maxChanges`.
    func reviewPolicy(strict: Bool = false, maxChanges: Int? = nil) throws -> ReviewPolicy {
        let hosts = allowHosts ?? []
        do {
            return ReviewPolicy(allowedHosts: hosts.isEmpty ? nil : try hosts.map(AllowedHostPattern.init),
                                maxChanges: [self.maxChanges, maxChanges].compactMap { $0 }.min(),
                                strict: self.strict || strict, requireHTTPS: requireHTTPS)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

extension FleetOptions {
    /// `[policy]` of the configuration these options name, for a command that opens no fleet
    /// (a plan from a saved inventory); the defaults with `--sandbox` or without a file.
    func configuredPolicy() throws -> ConfiguredPolicy {
        try loadConfiguration()?.policy ?? ConfiguredPolicy()
    }

    /// The configuration these options name, read and parsed; `nil` with `--sandbox`, which
    /// reads none. A command that needs it twice (a policy, then a fleet) reads it once and
    /// hands it to `Fleet.open(_:scope:configuration:)`.
    func loadConfiguration() throws -> RehookConfiguration? {
        useSandbox ? nil : try readConfigurationFile()
    }

    /// The configuration file these options name (or the key variables without one), whether
    /// or not `--sandbox` is given.
    func readConfigurationFile() throws -> RehookConfiguration {
        do {
            return try RehookConfiguration.load(explicitPath: configPath, environment: environment)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
