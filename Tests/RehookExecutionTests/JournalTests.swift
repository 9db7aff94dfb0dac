import Foundation
import Testing
import RehookModel
@testable import RehookExecution

@Suite("Journal, rollback plan and run listing")
struct JournalTests {
    func journalLines(_ store: RunStore, _ runID: String) throws -> [JournalEntry] {
        try JournalReader.read(store.directory(ofRun: runID).appendingPathComponent(RunStore.journalFile)).entries
    }

    @Test("one line per state change: planned, sent, failed (retryable), sent, applied; skipped for stale")
    func journalContents() async throws {
        let hooks = [Fixtures.webhook("wh_1"), Fixtures.webhook("wh_2")]
        let writer = FakeWriter(hooks)
        await writer.failWrites(of: hooks[0].key, with: [Fixtures.error(.server(status: 502), hooks[0].key)])
        await writer.edit(hooks[1].key) { $0.events = .list(["b.fail"]) }
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        _ = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options())
            .execute(Fixtures.plan(hooks.map { Fixtures.urlChange($0) }), runID: "20261123-171500-abcd")
        let entries = try journalLines(store, "20261123-171500-abcd")
        let first = entries.filter { $0.key == hooks[0].key }
        #expect(first.map(\.event) == [.planned, .sent, .failed, .sent, .applied])
        #expect(first.map(\.attempt) == [0, 1, 1, 2, 2])
        #expect(first[2].final == false)
        #expect(first[2].message?.contains("vendor says") == true)
        // Both states equal the plan's, so the line leaves them out (readers substitute them).
        #expect(first[4].observedBefore == nil)
        #expect(first[4].reported == nil)
        let second = entries.filter { $0.key == hooks[1].key }
        #expect(second.map(\.event) == [.planned, .skipped])
        #expect(second[1].message?.contains("events: planned against") == true)
        #expect(entries.allSatisfy { $0.time == "2026-11-18T11:06:40.000Z" })
        let files = try FileManager.default.contentsOfDirectory(atPath: store.directory(ofRun: "20261123-171500-abcd").path)
        #expect(Set(files.filter { !$0.hasPrefix(".") }) == [RunStore.planFile, RunStore.journalFile, RunStore.rollbackFile])
    }

    @Test("a saved plan file is kept in the run directory byte for byte; a plan in memory is encoded")
    func runPlanFile() async throws {
        let hooks = [Fixtures.webhook("wh_1"), Fixtures.webhook("wh_2")]
        let plan = Fixtures.plan(hooks.map { Fixtures.urlChange($0) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let saved = try encoder.encode(plan) + Data("\n".utf8) // compact, as another tool may write it
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let executor = PlanExecutor(writer: FakeWriter(hooks), store: store, options: Fixtures.options())
        _ = try await executor.execute(plan, runID: "run-saved", planFile: saved)
        let kept = try Data(contentsOf: store.directory(ofRun: "run-saved").appendingPathComponent(RunStore.planFile))
        #expect(kept == saved)
        #expect(try store.load(run: "run-saved").plan == plan)

        _ = try await PlanExecutor(writer: FakeWriter(hooks), store: store, options: Fixtures.options())
            .execute(plan, runID: "run-encoded")
        let encoded = try Data(contentsOf: store.directory(ofRun: "run-encoded").appendingPathComponent(RunStore.planFile))
        #expect(encoded == PlanFile.encode(plan))
    }

    @Test("rollback.json restores observed before-values and names what cannot be rolled back")
    func rollbackPlanContents() async throws {
        let hook = Fixtures.webhook("wh_t", vendor: .talkover, extras: [.timeout: .int(30)])
        let change = PlannedChange(before: hook, fields: [
            FieldChange(field: .url, before: .string(hook.url), after: .string("https://hooks.acme.dev/t")),
            FieldChange(field: .timeout, before: .int(30), after: .int(45)),
            FieldChange(field: .secret, before: nil, beforeKnown: false, after: .secret(.environment("HOOK_SECRET"))),
        ])
        let writer = FakeWriter([hook])
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        _ = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options())
            .execute(Fixtures.plan([change]), runID: "run-rollback")
        let rollback = try #require(try store.rollbackPlan(ofRun: "run-rollback"))
        let undo = try #require(rollback.changes.first)
        #expect(rollback.changes.count == 1)
        #expect(undo.before.url == "https://hooks.acme.dev/t")
        #expect(undo.fields == [
            FieldChange(field: .url, before: .string("https://hooks.acme.dev/t"), after: .string(hook.url)),
            FieldChange(field: .timeout, before: .int(45), after: .int(30)),
        ])
        #expect(undo.after == hook, "applying the rollback restores the observed state")
        #expect(rollback.warnings == ["talkover/main/wh_t: secret cannot be rolled back: its value before the change was never revealed"])
        let file = store.directory(ofRun: "run-rollback").appendingPathComponent(RunStore.rollbackFile)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("HOOK_SECRET"), "the rollback plan holds no secret reference to restore")
        let written = try PlanFile.decode(Data(text.utf8), path: file.path)
        #expect(written.changes == rollback.changes, "rollback.json matches the plan rebuilt from the journal")
        #expect(written.warnings == rollback.warnings)
    }

    @Test("a torn last line is ignored on read; a corrupt middle line names its line number")
    func tornAndCorruptLines() throws {
        let key = WebhookKey(vendor: .jogg, account: "main", id: "e1")
        let encoder = JSONEncoder()
        let line = String(decoding: try encoder.encode(JournalEntry(event: .planned, key: key, attempt: 0, time: "t")), as: UTF8.self)
        let torn = line + "\n" + line + "\n" + String(line.prefix(20))
        let parsed = try JournalReader.parse(Data(torn.utf8), path: "j")
        #expect(parsed.entries.count == 2)
        #expect(parsed.intactLength == (line.utf8.count + 1) * 2)
        let corrupt = line + "\n{\"event\":\"sent\"}\n" + line + "\n"
        #expect(throws: ExecutionError.corruptJournalLine(path: "j", line: 2, detail: "missing 'key'")) {
            try JournalReader.parse(Data(corrupt.utf8), path: "j")
        }
        let garbage = line + "\nnot json at all\n" + line + "\n"
        do {
            _ = try JournalReader.parse(Data(garbage.utf8), path: "journal.ndjson")
            Issue.record("a corrupt middle line must be an error")
        } catch let error as ExecutionError {
            #expect(error.description.hasPrefix("journal.ndjson:2: corrupt journal line"))
        }
    }

    @Test("concurrent appends share fsyncs and every line lands whole; reopening cuts a torn tail")
    func groupCommit() async throws {
        let url = Fixtures.stateDirectory().appendingPathComponent(RunStore.journalFile)
        let journal = try JournalFile(url: url, intactLength: 0)
        await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let key = WebhookKey(vendor: .composio, account: "org", id: "sub_\(index)")
                    try await journal.append([JournalEntry(event: .sent, key: key, attempt: 1, time: "t")])
                }
            }
        }
        let (entries, length) = try JournalReader.read(url)
        #expect(Set(entries.map(\.key.id)) == Set((0..<100).map { "sub_\($0)" }))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"attempt\":1,\"ev".utf8))
        try handle.close()
        let reopened = try JournalFile(url: url, intactLength: try JournalReader.read(url).intactLength)
        let firstKey = try #require(entries.first).key
        try await reopened.append([JournalEntry(event: .planned, key: firstKey, attempt: 0, time: "t")])
        let after = try JournalReader.read(url)
        #expect(after.entries.count == 101)
        #expect(after.intactLength > length)
    }

    @Test("run ids sort by time")
    func runIDs() {
        let early = RunStore.makeRunID(at: Date(timeIntervalSince1970: 1_795_000_000), suffix: 0xabc)
        let late = RunStore.makeRunID(at: Date(timeIntervalSince1970: 1_795_000_001), suffix: 0x0001)
        #expect(early == "20261118-110640-0abc")
        #expect(early < late)
    }

    @Test("the runs table lists complete runs and names unreadable ones")
    func runsTable() async throws {
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let hook = Fixtures.webhook("wh_1")
        _ = try await PlanExecutor(writer: FakeWriter([hook]), store: store, options: Fixtures.options())
            .execute(Fixtures.plan([Fixtures.urlChange(hook)]), runID: "20261118-110640-0001")
        let broken = store.directory(ofRun: "20261118-120000-0002")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("{".utf8).write(to: broken.appendingPathComponent(RunStore.planFile))
        let runs = store.listRuns()
        #expect(runs.map(\.id) == ["20261118-110640-0001", "20261118-120000-0002"])
        #expect(runs[1].problem?.contains("plan.json") == true)
        let lines = RunListRenderer.table(runs)
        #expect(lines.count == 3)
        #expect(lines[0] == "run                   created                   total  applied  failed  skipped  pending  status")
        #expect(lines[1] == "20261118-110640-0001  2026-11-18T11:06:40.000Z      1        1       0        0        0  complete")
        #expect(lines[2].hasPrefix("20261118-120000-0002                                0        0       0        0        0  unreadable: "))
    }
}

/// A plan read change by change from its file (`PlanFile.open`): the run keeps the file's bytes,
/// applies every change, and writes rollback.json from its spool exactly as the plan rebuilt
/// from the journal encodes.
@Suite("Streamed plans")
struct StreamedPlanExecutionTests {
    @Test func streamedPlanRunsLikeAPlanInMemory() async throws {
        let hooks = (0..<40).map { Fixtures.webhook("wh_\($0)", account: $0 % 2 == 0 ? "main" : "other") }
        let plan = Fixtures.plan(hooks.map { Fixtures.urlChange($0, to: "https://hooks.acme.dev/\($0.id)") })
        let state = Fixtures.stateDirectory()
        let path = state.appendingPathComponent("plan.json").path
        let bytes = PlanFile.encode(plan)
        try bytes.write(to: URL(fileURLWithPath: path))
        let store = RunStore(stateDirectory: state)
        let result = try await PlanExecutor(writer: FakeWriter(hooks), store: store, options: Fixtures.options())
            .execute(try PlanFile.open(path: path), runID: "run-streamed")
        #expect(result.outcomes.count == 40)
        #expect(result.outcomes.values.allSatisfy { $0 == .applied(alreadyApplied: false, warnings: []) })
        let directory = store.directory(ofRun: "run-streamed")
        #expect(try Data(contentsOf: directory.appendingPathComponent(RunStore.planFile)) == bytes)
        let rollback = try #require(try store.rollbackPlan(ofRun: "run-streamed"))
        #expect(rollback.changes.count == 40)
        #expect(try Data(contentsOf: directory.appendingPathComponent(RunStore.rollbackFile)) == PlanFile.encode(rollback))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains(RollbackSpool.fileName), "the spool is scratch, removed with the run's end")
    }

    @Test func filteredStreamedPlanIsWrittenChangeByChange() async throws {
        let hooks = (0..<10).map { Fixtures.webhook("wh_\($0)", account: $0 % 2 == 0 ? "main" : "other") }
        let plan = Fixtures.plan(hooks.map { Fixtures.urlChange($0) })
        let state = Fixtures.stateDirectory()
        let path = state.appendingPathComponent("plan.json").path
        try PlanFile.encode(plan).write(to: URL(fileURLWithPath: path))
        let store = RunStore(stateDirectory: state)
        let kept = try PlanFile.open(path: path).filter { $0.account == "main" }
        _ = try await PlanExecutor(writer: FakeWriter(hooks), store: store, options: Fixtures.options())
            .execute(kept, runID: "run-filtered")
        var expected = plan
        expected.changes = plan.changes.filter { $0.key.account == "main" }
        let written = try Data(contentsOf: store.directory(ofRun: "run-filtered").appendingPathComponent(RunStore.planFile))
        #expect(written == PlanFile.encode(expected))
    }
}

/// rollback.json rewritten from the spool: each rewrite merges the keys recorded since the last
/// one into that one's order; every rewrite must be what `RollbackBuilder` sorts from scratch.
@Suite struct RollbackSpoolOrderTests {
    @Test(arguments: [1, 3, 7, 50])
    func everyRewriteIsTheWholeRollbackInKeyOrder(batch: Int) throws {
        var state: UInt64 = UInt64(batch)
        let ids = (0..<120).map { index -> String in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "wh_\(state >> 52)_\(index)"
        }
        let changes = ids.enumerated().map { index, id in
            Fixtures.urlChange(Fixtures.webhook(id, vendor: index % 3 == 0 ? .jogg : .heygen,
                                                account: ["main", "other", "ü"][index % 3]),
                               to: "https://hooks.acme.dev/\(id)")
        }
        let spool = try RollbackSpool(directory: Fixtures.stateDirectory())
        var builder = RollbackBuilder()
        for start in stride(from: 0, to: changes.count, by: batch) {
            for change in changes[start..<min(changes.count, start + batch)] {
                spool.record(change, observedBefore: change.before, reported: change.after)
                builder.record(change, observedBefore: change.before, reported: change.after)
            }
            var written: [UInt8] = []
            try spool.snapshot().encode(createdAt: "2026-12-01T00:00:00.000Z") { written += $0 }
            #expect(written == Array(PlanFile.encode(builder.plan(createdAt: "2026-12-01T00:00:00.000Z"))))
        }
    }
}
