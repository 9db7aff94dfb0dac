import Foundation
import Testing
import RehookModel
@testable import RehookExecution

/// Damaged run directories through `RunStore.load` and `PlanExecutor.resume`: a clear error
/// naming the file (and line), and nothing on disk lost or rewritten by the failed attempt.
/// (Torn last lines and one corrupt middle line are in JournalTests and ResumeTests.)
@Suite("Damaged journals and run files")
struct JournalCorpusTests {
    let hooks = (1...3).map { Fixtures.webhook("wh_\($0)") }

    func line(_ entry: JournalEntry) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n"
    }

    /// A run directory holding a plan of `hooks` and `journal`; returns the store.
    func crashedRun(journal: Data, runID: String = "run-damaged") throws -> RunStore {
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let directory = store.directory(ofRun: runID)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(PlanFile.encodedBytes(Fixtures.plan(hooks.map { Fixtures.urlChange($0) })))
            .write(to: directory.appendingPathComponent(RunStore.planFile))
        try journal.write(to: directory.appendingPathComponent(RunStore.journalFile))
        return store
    }

    func plannedLines() throws -> String {
        try hooks.map { try line(JournalEntry(event: .planned, key: $0.key, attempt: 0, time: "t0")) }.joined()
    }

    struct DamagedLine: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let detail: String
        var testDescription: String { name }

        init(name: String, text: String, detail: String) {
            self.init(name: name, bytes: Array(text.utf8), detail: detail)
        }

        init(name: String, bytes: [UInt8], detail: String) {
            self.name = name
            self.bytes = bytes
            self.detail = detail
        }
    }

    static let damagedLines: [DamagedLine] = [
        DamagedLine(name: "attempt is a string",
                    text: #"{"attempt":"one","event":"sent","key":{"account":"main","id":"wh_1","vendor":"heygen"},"time":"t"}"#,
                    detail: "wrong value at 'attempt'"),
        DamagedLine(name: "unknown event",
                    text: #"{"attempt":1,"event":"exploded","key":{"account":"main","id":"wh_1","vendor":"heygen"},"time":"t"}"#,
                    detail: ""),
        DamagedLine(name: "unknown vendor",
                    text: #"{"attempt":1,"event":"sent","key":{"account":"main","id":"wh_1","vendor":"acme"},"time":"t"}"#,
                    detail: ""),
        DamagedLine(name: "key is null",
                    text: #"{"attempt":1,"event":"sent","key":null,"time":"t"}"#, detail: ""),
        DamagedLine(name: "two lines glued together",
                    text: #"{"attempt":1,"event":"sent","key":{"account":"main","id":"wh_1","vendor":"heygen"},"time":"t"}{"attempt":1"#,
                    detail: ""),
        DamagedLine(name: "invalid UTF-8",
                    bytes: Array(#"{"attempt":1,"event":"sent","key":{"account":"main","id":"wh_"#.utf8) + [0xFF, 0xFE]
                        + Array(#"","vendor":"heygen"},"time":"t"}"#.utf8),
                    detail: ""),
        DamagedLine(name: "a JSON array", text: "[1, 2, 3]", detail: ""),
    ]

    @Test("a damaged middle line stops resume with file and line; the journal is left as it was",
          arguments: damagedLines)
    func damagedMiddleLine(_ damaged: DamagedLine) async throws {
        var journal = Data(try plannedLines().utf8)
        journal.append(contentsOf: damaged.bytes + [UInt8(ascii: "\n")])
        journal.append(Data(try line(JournalEntry(event: .sent, key: hooks[1].key, attempt: 1, time: "t1")).utf8))
        let store = try crashedRun(journal: journal)
        let journalURL = store.directory(ofRun: "run-damaged").appendingPathComponent(RunStore.journalFile)
        let writer = FakeWriter(hooks)
        do {
            _ = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options()).resume(runID: "run-damaged")
            Issue.record("resume of a journal with a damaged middle line must fail")
        } catch let error as ExecutionError {
            let text = String(describing: error)
            #expect(text.hasPrefix("\(journalURL.path):4: corrupt journal line"), "\(text)")
            if !damaged.detail.isEmpty { #expect(text.contains(damaged.detail)) }
        }
        #expect(try Data(contentsOf: journalURL) == journal, "a failed resume leaves the journal byte for byte")
        #expect(await writer.writes.isEmpty, "nothing is sent when the journal cannot be read")
        let listed = try #require(store.listRuns().first)
        #expect(listed.problem?.contains("journal.ndjson:4") == true, "rehook runs names the damaged run")
    }

    @Test("a last line that is whole but lacks its newline is kept, and the next line starts on a line of its own")
    func lastLineWithoutNewline() async throws {
        var text = try plannedLines()
        text += try line(JournalEntry(event: .sent, key: hooks[0].key, attempt: 1, time: "t1"))
        text += try line(JournalEntry(event: .applied, key: hooks[0].key, attempt: 1, time: "t2",
                                      observedBefore: hooks[0], reported: Fixtures.urlChange(hooks[0]).after))
        text.removeLast() // the write stopped just before the newline
        let store = try crashedRun(journal: Data(text.utf8))
        let writer = FakeWriter(hooks)
        let landed = Fixtures.urlChange(hooks[0]).after.url
        await writer.edit(hooks[0].key) { $0.url = landed }
        let result = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options())
            .resume(runID: "run-damaged")
        #expect(result.exitCode == 0)
        #expect(Set(await writer.writes) == [hooks[1].key, hooks[2].key], "the applied change is not written again")
        let (_, entries) = try store.load(run: "run-damaged")
        #expect(entries.filter { $0.event == .applied }.count == 3)
        #expect(try #require(store.listRuns().first).isComplete)
    }

    @Test("a damaged run plan names plan.json; resume sends nothing and leaves the journal alone", arguments: [
        "", "{", #"{"format": "rehook-plan", "format_version": 1, "changes": "none"}"#, "[]", "\u{0}\u{1}\u{2}",
    ])
    func damagedRunPlan(_ planText: String) async throws {
        let journal = Data(try plannedLines().utf8)
        let store = try crashedRun(journal: journal)
        let planURL = store.directory(ofRun: "run-damaged").appendingPathComponent(RunStore.planFile)
        try Data(planText.utf8).write(to: planURL)
        let writer = FakeWriter(hooks)
        do {
            _ = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options()).resume(runID: "run-damaged")
            Issue.record("resume with a damaged plan.json must fail")
        } catch let error as ExecutionError {
            #expect(String(describing: error).contains(planURL.path), "\(error)")
        }
        #expect(await writer.reads.isEmpty)
        let journalURL = store.directory(ofRun: "run-damaged").appendingPathComponent(RunStore.journalFile)
        #expect(try Data(contentsOf: journalURL) == journal)
    }

    @Test("an empty journal resumes every change as pending")
    func emptyJournal() async throws {
        let store = try crashedRun(journal: Data())
        let writer = FakeWriter(hooks)
        let result = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options()).resume(runID: "run-damaged")
        #expect(result.exitCode == 0)
        #expect(Set(await writer.writes) == Set(hooks.map(\.key)))
    }
}
