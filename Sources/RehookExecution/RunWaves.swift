import RehookModel
import RehookVendors

/// Checks the new destinations of changes that landed: how many distinct URLs were probed, and
/// one line per unreachable one. The app layer implements it over `RehookProbe`.
public typealias DestinationCheck = @Sendable ([PlannedChange]) async -> (probed: Int, problems: [String])

/// Why a run stopped sending writes before every change was worked on (not Ctrl-C).
public enum RunStop: Sendable, Hashable {
    /// A canary change failed, did not verify when re-read, or its destination became unreachable.
    case canary
    /// `failures` changes failed or did not verify, reaching `--max-failures budget`.
    case maxFailures(failures: Int, budget: FailureBudget)
}

/// What the canary wave of a run showed.
public struct CanaryOutcome: Sendable, Hashable {
    public var wave: CanaryWave
    /// Changes in the wave.
    public var changes: Int
    /// Of those, re-read from the vendor and found in their planned state.
    public var verified: Int
    /// Distinct destinations probed again after the wave (0: none to probe, or probing off).
    public var destinationsProbed: Int
    /// How long the run waited after the wave before the rest (`--canary-wait`).
    public var waited: Duration
    /// One line per canary change that failed, did not verify, or whose destination is unreachable.
    public var problems: [String]

    public var passed: Bool { problems.isEmpty }
}

/// The failure budget of one execution (`--max-failures`): counts the changes that failed or
/// did not verify, and closes once `limit` is reached (or at once when a canary fails). Once
/// closed, workers take no new change and no change sends its write; requests in flight finish.
final class FailureGate: Sendable {
    let budget: FailureBudget?
    let limit: Int?
    private let state = Locked((failures: 0, closed: false))

    init(budget: FailureBudget?, changes: Int) {
        self.budget = budget
        self.limit = budget?.limit(changes: changes)
    }

    var isClosed: Bool { state.withLock { $0.closed } }
    var failures: Int { state.withLock { $0.failures } }

    /// A change failed or did not verify.
    func recordFailure() {
        state.withLock { state in
            state.failures += 1
            if let limit, state.failures >= limit { state.closed = true }
        }
    }

    func close() { state.withLock { $0.closed = true } }
}

/// After the canary wave: re-reads each landed canary webhook from the vendor (a fresh listing)
/// and checks it is in its planned state (`WriteVerification`), then probes its destination again.
struct CanaryCheck: Sendable {
    let writer: any WebhookWriter
    let destinationCheck: DestinationCheck?

    func check(_ wave: [PlannedChange], outcomes: [WebhookKey: ChangeOutcome],
               canary: CanaryWave) async -> CanaryOutcome {
        var problems: [String] = []
        var landed: [PlannedChange] = []
        for change in wave {
            switch outcomes[change.key] {
            case .failed(let message)?: problems.append("\(change.key): failed: \(message)")
            case .applied?: landed.append(change)
            case .skipped?, .pending?, nil: break
            }
        }
        await writer.forgetLiveState(of: Set(landed.map { AccountKey($0.key) }))
        var verified = 0
        for change in landed {
            do {
                let live = try await writer.liveState(of: change.before)
                let mismatches = WriteVerification.mismatches(for: change, reported: live)
                if mismatches.isEmpty {
                    verified += 1
                } else {
                    problems.append("\(change.key): did not verify: " + mismatches.joined(separator: "; "))
                }
            } catch {
                problems.append("\(change.key): could not be read back: \(ChangeProcessor.describe(error))")
            }
        }
        let probed = await destinationCheck?(landed) ?? (probed: 0, problems: [])
        return CanaryOutcome(wave: canary, changes: wave.count, verified: verified, destinationsProbed: probed.probed,
                             waited: .zero, problems: problems + probed.problems)
    }
}
