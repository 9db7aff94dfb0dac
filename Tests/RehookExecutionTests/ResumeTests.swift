import Foundation
import Testing
import RehookModel
@testable import RehookExecution

/// Opens when the test says so; writers wait on it to hold a request in flight.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}

@Suite("Resume and cancellation")
struct ResumeTests {
    let hooks = (1...5).map { Fixtures.webhook("wh_\($0)") }
    var changes: [PlannedChange] { hooks.map { Fixtures.urlChange($0) } }

    func entries(_ store: RunStore, _ runID: String) throws -> [JournalEntry] {
        try store.load(run: runID).entries
    }

    /// Writes a run directory as a crashed earlier run would have left it.
    func writeCrashedRun(_ store: RunStore, runID: String, journal: String) throws {
        let directory = store.directory(ofRun: runID)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(PlanFile.encodedBytes(Fixtures.plan(changes))).write(to: directory.appendingPathComponent(RunStore.planFile))
        try Data(journal.utf8).write(to: directory.appendingPathComponent(RunStore.journalFile))
    }

    func line(_ entry: JournalEntry) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n"
    }

    @Test("resume after a crash: sent-without-outcome is re-checked, a torn last line is dropped, the run converges")
    func resumeConverges() async throws {
        let writer = FakeWriter(hooks)
        let target = "https://hooks.acme.dev/hook"
        // wh_1 applied and journalled; wh_2's write landed but its outcome was never journalled;
        // wh_3's write was sent but never reached the vendor; wh_4 and wh_5 were only planned.
        await writer.edit(hooks[0].key) { $0.url = target }
        await writer.edit(hooks[1].key) { $0.url = target }
        var journal = ""
        for hook in hooks { journal += try line(JournalEntry(event: .planned, key: hook.key, attempt: 0, time: "t0")) }
        journal += try line(JournalEntry(event: .sent, key: hooks[0].key, attempt: 1, time: "t1"))
        journal += try line(JournalEntry(event: .applied, key: hooks[0].key, attempt: 1, time: "t2",
                                         observedBefore: hooks[0], reported: changes[0].after))
        journal += try line(JournalEntry(event: .sent, key: hooks[1].key, attempt: 1, time: "t3"))
        journal += try line(JournalEntry(event: .sent, key: hooks[2].key, attempt: 1, time: "t4"))
        journal += "{\"attempt\":1,\"event\":\"sent\",\"key\":{\"vendor\":\"hea"
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        try writeCrashedRun(store, runID: "run-crash", journal: journal)

        let before = try #require(store.listRuns().first)
        #expect(before.applied == 1)
        #expect(before.pending == 4)
        #expect(before.isComplete == false)

        let result = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options())
            .resume(runID: "run-crash")
        #expect(result.exitCode == 0)
        #expect(result.outcomes[hooks[1].key] == .applied(alreadyApplied: true, warnings: []))
        #expect(Set(await writer.writes) == [hooks[2].key, hooks[3].key, hooks[4].key], "wh_1 and wh_2 not re-sent")
        #expect(!(await writer.reads).contains(hooks[0].key), "finished changes are not touched")
        for hook in hooks { #expect(await writer.webhook(hook.key)?.url == target) }

        let after = try entries(store, "run-crash")
        // planned ×5, the 4 older lines, wh_2 already applied, then sent + applied for wh_3…wh_5.
        let expectedLineCount: Int = 5 + 4 + 1 + 2 * 3
        #expect(after.count == expectedLineCount)
        let after2 = try #require(store.listRuns().first)
        #expect(after2.applied == 5)
        #expect(after2.pending == 0)
        #expect(after2.isComplete == true)
        let rollback = try #require(try store.rollbackPlan(ofRun: "run-crash"))
        #expect(rollback.changes.map(\.key) == hooks.map(\.key), "rollback covers earlier and resumed changes")
    }

    @Test("cancellation mid-run: in-flight write finishes, nothing new starts, journal consistent, resume finishes")
    func cancellationLeavesConsistentJournal() async throws {
        let writer = FakeWriter(hooks)
        let gate = Gate()
        await writer.onEveryWrite { key in if key.id == "wh_3" { await gate.wait() } }
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let executor = PlanExecutor(writer: writer, store: store, options: Fixtures.options(perAccount: 1))
        let plan = Fixtures.plan(changes)
        let run = Task { try await executor.execute(plan, runID: "run-cancel") }
        while await writer.writes.count < 3 { await Task.yield() }
        run.cancel()
        await gate.open()
        let result = try await run.value

        #expect(result.interrupted)
        #expect(result.exitCode == 130)
        #expect(await writer.writes == hooks.prefix(3).map(\.key), "no request started after the cancel")
        #expect(result.outcomes[hooks[2].key] == .applied(alreadyApplied: false, warnings: []), "in-flight write kept")
        #expect(result.keys { $0 == .pending } == [hooks[3].key, hooks[4].key])

        let journal = try entries(store, "run-cancel")
        for hook in hooks {
            let events = journal.filter { $0.key == hook.key }.map(\.event)
            #expect(events.last != .sent, "every sent line has an outcome (\(hook.id): \(events))")
        }
        let summary = try #require(store.listRuns().first)
        #expect(summary.applied == 3)
        #expect(summary.pending == 2)
        #expect(summary.isComplete == false)

        let resumed = try await executor.resume(runID: "run-cancel")
        #expect(resumed.exitCode == 0)
        #expect(resumed.progress.totals.applied == 5)
        #expect(await writer.writes.count == 5, "resume wrote only the two unfinished changes")
    }

    @Test("a run being executed cannot be resumed at the same time")
    func concurrentResumeRefused() async throws {
        let writer = FakeWriter(hooks)
        let gate = Gate()
        await writer.onEveryWrite { _ in await gate.wait() }
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let executor = PlanExecutor(writer: writer, store: store, options: Fixtures.options(perAccount: 1))
        let plan = Fixtures.plan(changes)
        let run = Task { try await executor.execute(plan, runID: "run-busy") }
        while await writer.writes.isEmpty { await Task.yield() }
        await #expect(throws: ExecutionError.runInProgress(id: "run-busy")) {
            try await executor.resume(runID: "run-busy")
        }
        await gate.open()
        #expect(try await run.value.exitCode == 0)
        let again = try await executor.resume(runID: "run-busy")
        #expect(again.exitCode == 0, "the lock is released when the run ends")
    }

    @Test("resuming an unknown run is a clear error")
    func unknownRun() async throws {
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let executor = PlanExecutor(writer: FakeWriter([]), store: store, options: Fixtures.options())
        await #expect(throws: ExecutionError.runNotFound(id: "nope", directory: store.runsDirectory.path)) {
            try await executor.resume(runID: "nope")
        }
    }

    @Test("a run whose plan.json has another format version is refused as apply refuses the plan file; nothing is sent")
    func runPlanOfAnotherFormatVersion() async throws {
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        try writeCrashedRun(store, runID: "run-newer", journal: "")
        let planURL = store.directory(ofRun: "run-newer").appendingPathComponent(RunStore.planFile)
        let text = try String(contentsOf: planURL, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"format_version\" : 1,", with: "\"format_version\" : 3,").utf8).write(to: planURL)
        let writer = FakeWriter(hooks)
        let expected = "\(planURL.path): plan format version 3 is not supported; this rehook reads version 1. "
            + "Re-create the plan with this version of rehook."
        do {
            _ = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options()).resume(runID: "run-newer")
            Issue.record("resume of a plan of another format version must fail")
        } catch {
            #expect(String(describing: error) == expected)
        }
        #expect(store.listRuns().first?.problem == expected)
        #expect(await writer.reads.isEmpty)
        #expect(await writer.writes.isEmpty)
    }
}
