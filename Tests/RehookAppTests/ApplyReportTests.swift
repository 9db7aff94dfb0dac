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
}
