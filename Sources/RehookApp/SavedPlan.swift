import Foundation
import RehookModel
import RehookReview
import RehookVendors

/// A plan saved by `rehook plan --out`, as `apply` and `show` take it: read once, its digest
/// checked against `--expect-digest`, narrowed by `--vendor`, `--account` and `--shard` as a
/// script's plan would be, and reviewed again before anything is sent.
struct SavedPlan: Sendable {
    /// The plan as reviewed and saved.
    let plan: Plan
    /// The file's bytes.
    let data: Data

    /// Reads `path`; `nil` when the file does not start like JSON (a script, then).
    static func readIfPlan(_ path: String) throws -> SavedPlan? {
        let data = try readFile(path)
        guard data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) == UInt8(ascii: "{") else {
            return nil
        }
        return try SavedPlan(data: data, path: path)
    }

    /// Reads `path`, which must be a plan file.
    static func read(_ path: String) throws -> SavedPlan {
        try SavedPlan(data: readFile(path), path: path)
    }

    private init(data: Data, path: String) throws {
        do {
            plan = try PlanFile.decode(data, path: path)
        } catch {
            throw CommandFailure("\(error)")
        }
        self.data = data
    }

    private static func readFile(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): no such file or not readable")
        }
        return data
    }

    /// The digest of the plan as it was reviewed (its content's, whether or not it records one).
    var digest: String { plan.digest ?? PlanFile.digest(of: plan) }

    /// The changes `fleet` selects (`--vendor`, `--account`, `--shard`), with `file` the saved
    /// bytes when that is every change; a narrowed plan is sealed again, so that the run's
    /// plan.json is a plan file of its own.
    func selected(by fleet: FleetOptions) -> (plan: Plan, file: Data?) {
        var narrowed = plan
        narrowed.changes = plan.changes.filter { fleet.selects(vendor: $0.key.vendor, account: $0.key.account) }
        guard narrowed.changes.count != plan.changes.count else { return (plan, data) }
        return (PlanFile.sealed(narrowed), nil)
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
    /// found an error, and the lower `max_changes` of the two.
    func review(saved plan: Plan, configured: ConfiguredPolicy) throws -> (plan: Plan, hasErrors: Bool, maxChanges: Int?) {
        let current = try policy(configured: configured)
        var reports = [ReviewReport(plan: plan, policy: current)]
        if let recorded = plan.review?.policy {
            do {
                reports.append(ReviewReport(plan: plan, policy: try ReviewPolicy(recorded: recorded)))
            } catch {
                throw CommandFailure("the plan's recorded review policy: \(error)")
            }
        }
        let annotated = reports.reduce(plan) { $1.annotating($0) }
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
        guard !useSandbox else { return ConfiguredPolicy() }
        do {
            return try RehookConfiguration.load(explicitPath: configPath, environment: environment).policy
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
