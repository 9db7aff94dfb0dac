import ArgumentParser
import RehookExecution

extension CanaryWave.Grouping: ExpressibleByArgument {}

/// `--canary`, `--canary-per`, `--canary-wait` and `--max-failures`: an apply in two waves, and
/// when it stops sending writes. The values' rules are `RunOptions`' (RehookExecution).
public struct WaveOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Apply N changes per vendor (or account) first, read them back and probe their "
                                + "destinations again, then the rest.",
                               discussion: "A canary that failed, did not verify or whose destination stopped answering "
                                + "stops the apply (exit 3), the rest resumable with --resume; see docs/cutover.md.",
                               valueName: "N"))
    public var canary: Int?

    @Option(help: "Count the canary changes per 'vendor' (default) or per 'account'.")
    public var canaryPer: CanaryWave.Grouping?

    @Option(help: ArgumentHelp("Wait this long after the canary passed, before the rest: 500ms, 2s, 1m (default 0).",
                               valueName: "duration"))
    public var canaryWait: String?

    @Option(help: ArgumentHelp("Stop sending writes once N changes (or P% of the run's) failed or did not verify; "
                                + "the rest resumable with --resume.", valueName: "N|P%"))
    public var maxFailures: String?

    public init() {}

    public func validate() throws {
        if let canary, canary < 1 {
            throw ValidationError("--canary \(canary): expected 1 or more changes per vendor or account")
        }
        if canary == nil && (canaryPer != nil || canaryWait != nil) {
            throw ValidationError("--canary-per and --canary-wait go with --canary N")
        }
        if let canaryWait, WaitDuration.parse(canaryWait) == nil {
            throw ValidationError("--canary-wait \(canaryWait): expected a duration such as 500ms, 2s or 1m")
        }
        if let maxFailures, FailureBudget(maxFailures) == nil {
            throw ValidationError("--max-failures \(maxFailures): expected a number of changes (1 or more) "
                                  + "or a percentage of them (more than 0% and at most 100%)")
        }
    }

    /// The run options these give, probing or not as `probe` says.
    public func runOptions(probe: Bool) -> RunOptions {
        let wave = canary.map {
            CanaryWave(count: $0, per: canaryPer ?? .vendor, wait: canaryWait.flatMap(WaitDuration.parse) ?? .zero)
        }
        return RunOptions(canary: wave, maxFailures: maxFailures.flatMap(FailureBudget.init), probe: probe)
    }
}
