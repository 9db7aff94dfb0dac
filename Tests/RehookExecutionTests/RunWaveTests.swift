import Foundation
import Testing
import RehookModel
import RehookTestSupport
@testable import RehookExecution

/// The options' value rules, and the engine's canary wave and failure budget with an in-memory vendor.
@Suite("Canary waves and the failure budget")
struct RunWaveTests {
    @Test func failureBudgetsParseAndResolveAgainstTheRun() {
        #expect(FailureBudget("3") == .count(3))
        #expect(FailureBudget("10%") == .percent(10))
        for invalid in ["0", "-1", "120%", "0%", "abc", "%", "3.5"] { #expect(FailureBudget(invalid) == nil, "\(invalid)") }
        #expect(FailureBudget.count(3).limit(changes: 100) == 3)
        #expect(FailureBudget.percent(10).limit(changes: 45) == 5, "rounded up")
        #expect(FailureBudget.percent(1).limit(changes: 10) == 1, "at least one")
        #expect(FailureBudget.percent(12.5).description == "12.5%")
    }

    @Test func waitDurationsParseAndFormat() {
        #expect(WaitDuration.parse("2s") == .seconds(2))
        #expect(WaitDuration.parse("500ms") == .milliseconds(500))
        #expect(WaitDuration.parse("1m") == .seconds(60))
        #expect(WaitDuration.parse("0") == .zero)
        for invalid in ["abc", "2", "-1s", "s", "1x"] { #expect(WaitDuration.parse(invalid) == nil, "\(invalid)") }
        #expect(WaitDuration.format(.seconds(2)) == "2 s")
        #expect(WaitDuration.format(.milliseconds(500)) == "500 ms")
        #expect(WaitDuration.format(.seconds(120)) == "2 min")
    }

    @Test func theCanaryIsTheFirstChangesOfEachGroupInPlanOrder() {
        let hooks = [("a", VendorID.heygen, "eu"), ("b", .heygen, "eu"), ("c", .heygen, "us"), ("d", .argil, "main")]
            .map { Fixtures.urlChange(Fixtures.webhook($0.0, vendor: $0.1, account: $0.2)) }
        let perVendor = CanaryWave(count: 1).split(hooks, key: \.key)
        #expect(perVendor.canary.map(\.key.id) == ["a", "d"])
        #expect(perVendor.rest.map(\.key.id) == ["b", "c"])
        let perAccount = CanaryWave(count: 1, per: .account).split(hooks, key: \.key)
        #expect(perAccount.canary.map(\.key.id) == ["a", "c", "d"])
        #expect(CanaryWave(count: 5).split(hooks, key: \.key).rest.isEmpty, "a canary larger than the plan is the whole plan")
    }

    @Test func aFailedCanaryStopsTheRunAndResumeTriesItAgain() async throws {
        let hooks = (1...4).map { Fixtures.webhook("wh_\($0)") }
        let writer = FakeWriter(hooks)
        await writer.failWrites(of: hooks[0].key, with: [Fixtures.error(.invalidRequest, hooks[0].key)])
        var options = Fixtures.options()
        options.run = RunOptions(canary: CanaryWave(count: 1), maxFailures: .count(2))
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let result = try await PlanExecutor(writer: writer, store: store, options: options)
            .execute(Fixtures.plan(hooks.map { Fixtures.urlChange($0) }), runID: "run-canary")
        #expect(result.stop == .canary)
        #expect(result.exitCode == ExitCodes.partiallyApplied)
        #expect(!result.interrupted)
        #expect(await writer.writes == [hooks[0].key], "nothing after the canary")
        #expect(result.notFinished == 3)
        #expect(SummaryRenderer.stopLine(result) == "stopped after the canary: 3 changes not sent; "
                + "resume with: rehook apply --resume run-canary")
        #expect(RunStore(stateDirectory: store.stateDirectory).listRuns().first?.pending == 4, "the failed canary is reopened")

        let resumed = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options()).resume(runID: "run-canary")
        #expect(resumed.exitCode == 0)
        #expect(resumed.progress.totals.applied == 4)
        let journal = try String(contentsOf: store.directory(ofRun: "run-canary").appendingPathComponent(RunStore.journalFile),
                                 encoding: .utf8)
        #expect(journal.hasPrefix(#"{"event":"run","options":{"canary":{"count":1,"per":"vendor","wait_seconds":0},"max_failures":"2","probe":true}"#),
                "\(journal)")
        #expect(journal.contains(#"{"event":"resumed","options":{"max_failures":"2","probe":true}"#), "the recorded budget again")
    }

    @Test func theFailureBudgetStopsNewWritesAndCountsWhatDidNotVerify() async throws {
        let hooks = (1...6).map { Fixtures.webhook("wh_\($0)") }
        let writer = FakeWriter(hooks)
        await writer.failWrites(of: hooks[0].key, with: [Fixtures.error(.invalidRequest, hooks[0].key)])
        // The vendor stores the second URL otherwise: applied, but it did not verify.
        await writer.normaliseValues { field, value in
            field == .url && value == .string("https://hooks.acme.dev/two") ? .string("https://elsewhere.dev") : value
        }
        var options = Fixtures.options(perAccount: 1)
        options.run = RunOptions(maxFailures: .count(2))
        let changes = hooks.enumerated().map { Fixtures.urlChange($1, to: $0 == 1 ? "https://hooks.acme.dev/two" : "https://hooks.acme.dev/hook") }
        let result = try await PlanExecutor(writer: writer, store: RunStore(stateDirectory: Fixtures.stateDirectory()),
                                            options: options).execute(Fixtures.plan(changes), runID: "run-budget")
        #expect(result.stop == .maxFailures(failures: 2, budget: .count(2)))
        #expect(await writer.writes.count == 2, "one account, one at a time: nothing after the second failure")
        #expect(result.notFinished == 4)
        #expect(SummaryRenderer.stopLine(result)?.hasPrefix("stopped after 2 failures (--max-failures 2): 4 changes not sent") == true)
    }
}
