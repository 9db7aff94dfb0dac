import Foundation
import Testing
import RehookModel
@testable import RehookApp
@testable import RehookExecution

/// What `rehook apply` and the REPL's `:apply` print about a run once it ends.
@Suite struct ApplyReportTests {
    let key = WebhookKey(vendor: .heygen, account: "main", id: "wh_1")

    func result(interrupted: Bool) -> ExecutionResult {
        ExecutionResult(runID: "20261130-170000-abcd", runDirectory: URL(fileURLWithPath: "/state/runs/20261130-170000-abcd"),
                        outcomes: [key: interrupted ? .pending : .applied(alreadyApplied: false, warnings: [])],
                        progress: ProgressSnapshot(), interrupted: interrupted)
    }

    @Test func anInterruptedRunNamesItsRollbackPlanAndHowToResume() {
        let line = ApplyReport.runLine(result(interrupted: true))
        #expect(line.contains("Run 20261130-170000-abcd: journal and rollback plan in /state/runs/20261130-170000-abcd"))
        #expect(line.contains("undo with: rehook apply /state/runs/20261130-170000-abcd/rollback.json"))
        #expect(line.hasSuffix("\nResume with: rehook apply --resume 20261130-170000-abcd"))
    }

    @Test func aFinishedRunHasNoResumeHint() {
        #expect(!ApplyReport.runLine(result(interrupted: false)).contains("--resume"))
    }

    @Test func theSummaryShowsTheCanaryAndWhyTheRunStopped() {
        var stopped = result(interrupted: false)
        stopped.outcomes[WebhookKey(vendor: .heygen, account: "main", id: "wh_2")] = .pending
        stopped.canary = CanaryOutcome(wave: CanaryWave(count: 1, per: .vendor, wait: .seconds(2)), changes: 5, verified: 5,
                                       destinationsProbed: 3, waited: .seconds(2), problems: [])
        stopped.stop = .maxFailures(failures: 3, budget: .count(3))
        let lines = ApplyReport.summaryLines(stopped)
        #expect(lines.contains("canary: 5 changes (1 per vendor) applied and verified; 3 destinations probed again, "
                               + "reachable; waited 2 s"), "\(lines)")
        #expect(lines.contains("stopped after 3 failures (--max-failures 3): 1 change not sent; "
                               + "resume with: rehook apply --resume 20261130-170000-abcd"), "\(lines)")
        #expect(stopped.exitCode == ExitCodes.partiallyApplied)
        let json = ApplyReport.jsonSummary(stopped, timing: ApplyTiming(elapsed: 1, bound: PlanEstimate(vendors: [])))
        #expect(json.contains(#""stopped":{"failures":3,"max_failures":"3","not_sent":1,"reason":"max_failures"}"#), "\(json)")
    }
}
