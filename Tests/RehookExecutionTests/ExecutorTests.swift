import Foundation
import Testing
import RehookModel
import RehookTestSupport
@testable import RehookExecution

@Suite("Plan executor with an in-memory vendor")
struct ExecutorTests {
    let hooks = (1...4).map { Fixtures.webhook("wh_\($0)") }

    func makeExecutor(_ writer: FakeWriter, options: ExecutionOptions = Fixtures.options()) -> (PlanExecutor, RunStore) {
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        return (PlanExecutor(writer: writer, store: store, options: options), store)
    }

    @Test("all changes applied: vendor state updated, exit code 0")
    func appliesEverything() async throws {
        let writer = FakeWriter(hooks)
        let (executor, _) = makeExecutor(writer)
        let result = try await executor.execute(Fixtures.plan(hooks.map { Fixtures.urlChange($0) }), runID: "run-all")
        #expect(result.exitCode == 0)
        #expect(!result.interrupted)
        #expect(result.progress.vendors[.heygen]?.applied == 4)
        for hook in hooks {
            #expect(await writer.webhook(hook.key)?.url == "https://hooks.acme.dev/hook")
            #expect(result.outcomes[hook.key] == .applied(alreadyApplied: false, warnings: []))
        }
    }

    @Test("transient failures are retried to success, waiting at least Retry-After")
    func transientFailuresRetried() async throws {
        let clock = VirtualClock()
        let writer = FakeWriter(hooks, clock: clock)
        let key = hooks[0].key
        await writer.failWrites(of: key, with: [
            Fixtures.error(.server(status: 503), key), Fixtures.error(.rateLimited(retryAfter: 30), key),
            Fixtures.error(.timeout, key),
        ])
        let updates = Collector<ExecutionUpdate>()
        let (executor, store) = makeExecutor(writer, options: Fixtures.options(clock: clock, updates: updates))
        let result = try await executor.execute(Fixtures.plan([Fixtures.urlChange(hooks[0])]), runID: "run-retry")
        #expect(result.outcomes[key] == .applied(alreadyApplied: false, warnings: []))
        #expect(await writer.writes == [key, key, key, key])
        #expect(result.progress.vendors[.heygen]?.retries == 3)
        #expect(result.progress.vendors[.heygen]?.rateLimited == 1)
        let retryDelays = updates.values.compactMap { update -> Duration? in
            if case .retried(_, let after, _, _) = update.event { return after }
            return nil
        }
        // Jitter 0.5 of ceilings 1 s, 2 s, 4 s; the 429's Retry-After of 30 s wins over 1 s.
        #expect(retryDelays == [.milliseconds(500), .seconds(30), .seconds(2)])
        #expect(clock.now.offset >= .seconds(32), "the pipeline actually waited")
        let journal = try String(contentsOf: store.directory(ofRun: "run-retry").appendingPathComponent(RunStore.journalFile),
                                 encoding: .utf8)
        #expect(journal.components(separatedBy: "\"event\":\"sent\"").count - 1 == 4, "a sent line before each attempt")
    }

    @Test("a permanent failure fails that change with the vendor's message; the others apply")
    func permanentFailureIsolated() async throws {
        let writer = FakeWriter(hooks)
        let key = hooks[1].key
        await writer.failWrites(of: key, with: [VendorError(.rejected(status: 422), vendor: .heygen, account: "main",
                                                           call: "PATCH /v1/webhook/endpoint.update",
                                                           message: "url: must be a public https URL")])
        let (executor, _) = makeExecutor(writer)
        let result = try await executor.execute(Fixtures.plan(hooks.map { Fixtures.urlChange($0) }), runID: "run-fail")
        guard case .failed(let message)? = result.outcomes[key] else {
            Issue.record("expected a failure, got \(String(describing: result.outcomes[key]))")
            return
        }
        #expect(message.contains("url: must be a public https URL"))
        #expect(await writer.writes.filter { $0 == key }.count == 1, "422 is not retried")
        #expect(result.progress.totals.applied == 3)
        #expect(result.exitCode == 3)
    }

    @Test("501 is not retried; exhausting attempts fails the change")
    func boundedAttemptsInExecution() async throws {
        let writer = FakeWriter(Array(hooks.prefix(2)))
        await writer.failWrites(of: hooks[0].key, with: [Fixtures.error(.server(status: 501), hooks[0].key)])
        await writer.failWrites(of: hooks[1].key, with: Array(repeating: Fixtures.error(.connection, hooks[1].key), count: 9))
        let (executor, _) = makeExecutor(writer)
        let result = try await executor.execute(Fixtures.plan(hooks.prefix(2).map { Fixtures.urlChange($0) }), runID: "run-bound")
        let writes = await writer.writes
        #expect(writes.filter { $0 == hooks[0].key }.count == 1)
        #expect(writes.filter { $0 == hooks[1].key }.count == 4, "maxAttempts is 4")
        #expect(result.progress.totals.failed == 2)
        #expect(result.exitCode == 1, "nothing applied at all")
    }

    @Test("a webhook changed since the plan is skipped, never overwritten; force overrides")
    func staleSkippedUnlessForced() async throws {
        for force in [false, true] {
            let writer = FakeWriter(hooks)
            await writer.edit(hooks[2].key) { $0.url = "https://someone-else.example/hook" }
            let (executor, store) = makeExecutor(writer, options: Fixtures.options(force: force))
            let result = try await executor.execute(Fixtures.plan(hooks.map { Fixtures.urlChange($0) }), runID: "run-stale")
            let url = await writer.webhook(hooks[2].key)?.url
            if force {
                #expect(url == "https://hooks.acme.dev/hook")
                #expect(result.exitCode == 0)
                let sent = try store.load(run: "run-stale").entries.first { $0.key == hooks[2].key && $0.event == .sent }
                #expect(sent?.message?.hasPrefix("forced over changes since the plan: url: planned against") == true)
            } else {
                #expect(url == "https://someone-else.example/hook")
                guard case .skipped(let reason)? = result.outcomes[hooks[2].key] else {
                    Issue.record("expected skipped")
                    continue
                }
                #expect(reason.contains("url: planned against \"https://old.acme.com/hook\", now \"https://someone-else.example/hook\""))
                #expect(result.exitCode == 4)
                #expect(result.progress.totals.applied == 3)
            }
        }
    }

    @Test("a webhook already in its planned state counts as applied and is not written")
    func alreadyAppliedDetected() async throws {
        let writer = FakeWriter(hooks)
        await writer.edit(hooks[0].key) { $0.url = "https://hooks.acme.dev/hook" }
        let (executor, _) = makeExecutor(writer)
        let result = try await executor.execute(Fixtures.plan([Fixtures.urlChange(hooks[0])]), runID: "run-done")
        #expect(result.outcomes[hooks[0].key] == .applied(alreadyApplied: true, warnings: []))
        #expect(await writer.writes.isEmpty)
        #expect(result.exitCode == 0)
    }

    @Test("a value the vendor normalised is reported; unrevealed fields are called unverifiable")
    func verifyWarnings() async throws {
        let hook = Fixtures.webhook("wh_t", vendor: .talkover)
        let change = PlannedChange(before: hook, fields: [
            FieldChange(field: .url, before: .string(hook.url), after: .string("https://X.dev/h")),
            FieldChange(field: .httpMethod, before: nil, beforeKnown: false, after: .string("PUT")),
        ])
        let writer = FakeWriter([hook])
        await writer.normaliseValues { field, value in
            if field == .httpMethod { return nil } // never revealed
            if case .string(let text) = value { return .string(text.lowercased()) }
            return value
        }
        let updates = Collector<ExecutionUpdate>()
        let (executor, _) = makeExecutor(writer, options: Fixtures.options(updates: updates))
        let result = try await executor.execute(Fixtures.plan([change]), runID: "run-verify")
        let expected = [
            "url: sent \"https://X.dev/h\", vendor reports \"https://x.dev/h\"",
            "http_method: not verifiable (the vendor never reveals it)",
        ]
        #expect(result.outcomes[hook.key] == .applied(alreadyApplied: false, warnings: expected))
        let warned = updates.values.compactMap { update -> String? in
            if case .verifyWarning(_, let message) = update.event { return message }
            return nil
        }
        #expect(warned == expected)
    }

    @Test("changes across accounts share the pipelines' ceiling of requests in flight")
    func globalCapHolds() async throws {
        let many = (0..<12).map { Fixtures.webhook("wh_\($0)", account: "acct\($0 % 3)") }
        let writer = FakeWriter(many, inFlight: 2)
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let result = try await PlanExecutor(writer: writer, store: store, options: Fixtures.options(perAccount: 3))
            .execute(Fixtures.plan(many.map { Fixtures.urlChange($0) }), runID: "run-cap")
        #expect(result.progress.totals.applied == 12)
        #expect(await writer.maximumInFlight <= 2)
        #expect(await writer.maximumInFlight >= 1)
    }
}

extension ExecutorTests {
    @Test("per-account concurrency caps one account's requests", arguments: [1, 3])
    func perAccountCap(cap: Int) async throws {
        let many = (0..<9).map { Fixtures.webhook("wh_\($0)") }
        let writer = InFlightCountingWriter(FakeWriter(many))
        let store = RunStore(stateDirectory: Fixtures.stateDirectory())
        let options = Fixtures.options(perAccount: cap)
        let result = try await PlanExecutor(writer: writer, store: store, options: options)
            .execute(Fixtures.plan(many.map { Fixtures.urlChange($0) }), runID: "run-account-cap")
        #expect(result.progress.totals.applied == 9)
        #expect(await writer.maximumInFlight <= cap)
    }

    @Test("runs on the real continuous clock too (no timing asserted)")
    func continuousClock() async throws {
        let writer = FakeWriter(hooks, clock: nil)
        await writer.failWrites(of: hooks[0].key, with: [Fixtures.error(.server(status: 500), hooks[0].key)])
        var options = Fixtures.options()
        options.clock = .continuous
        let (executor, _) = makeExecutor(writer, options: options)
        let result = try await executor.execute(Fixtures.plan(hooks.map { Fixtures.urlChange($0) }), runID: "run-real")
        #expect(result.exitCode == 0)
        #expect(result.progress.totals.retries == 1)
    }

    @Test("a deleted webhook and a non-vendor error fail without retry")
    func unretryableFailures() async throws {
        struct LocalProblem: Error, CustomStringConvertible { var description: String { "secret file unreadable" } }
        let writer = FakeWriter([hooks[0]])
        await writer.failWrites(of: hooks[0].key, with: [LocalProblem()])
        let (executor, _) = makeExecutor(writer)
        let result = try await executor.execute(Fixtures.plan([Fixtures.urlChange(hooks[0]), Fixtures.urlChange(hooks[1])]),
                                                runID: "run-unretryable")
        #expect(result.outcomes[hooks[0].key] == .failed(message: "secret file unreadable"))
        guard case .failed(let message)? = result.outcomes[hooks[1].key] else {
            Issue.record("a webhook that no longer exists must fail")
            return
        }
        #expect(message.contains("no such webhook"))
        #expect(await writer.writes == [hooks[0].key])
        #expect(result.progress.totals.retries == 0)
    }
}

extension ExecutorTests {
    @Test("many accounts with scattered transient failures converge with a consistent journal")
    func convergesUnderLoad() async throws {
        let fleet = (0..<60).map { Fixtures.webhook("wh_\($0)", vendor: VendorID.allCases[$0 % 5], account: "acct\($0 % 4)") }
        let writer = FakeWriter(fleet, inFlight: 5)
        for (index, hook) in fleet.enumerated() where index % 3 == 0 {
            await writer.failWrites(of: hook.key, with: [Fixtures.error(index % 2 == 0 ? .server(status: 503) : .rateLimited(retryAfter: 2), hook.key)])
        }
        for hook in fleet.prefix(10) where hook.id.hasSuffix("7") {
            await writer.failReads(of: hook.key, with: [Fixtures.error(.connection, hook.key)])
        }
        let (executor, store) = makeExecutor(writer, options: Fixtures.options(perAccount: 3))
        let result = try await executor.execute(Fixtures.plan(fleet.map { Fixtures.urlChange($0) }), runID: "run-load")
        #expect(result.exitCode == 0)
        #expect(result.progress.totals.applied == 60)
        #expect(result.progress.totals.retries == 20, "write retries; the read retried inside its pipeline is no change event")
        #expect(await writer.reads.filter { $0.id == "wh_7" }.count == 2, "the failed read was retried")
        let entries = try store.load(run: "run-load").entries
        for hook in fleet {
            let events = entries.filter { $0.key == hook.key }.map(\.event)
            #expect(events.first == .planned)
            #expect(events.last == .applied)
            #expect(events.filter { $0 == .applied }.count == 1)
        }
        #expect(store.listRuns().first?.isComplete == true)
        let rollbackFile = store.directory(ofRun: "run-load").appendingPathComponent(RunStore.rollbackFile)
        let rollback = try PlanFile.decode(Data(contentsOf: rollbackFile), path: rollbackFile.path)
        #expect(rollback.changes.count == 60, "rollback.json is complete once the run ends, though rewrites are spaced")
    }
}

/// Wraps a writer and measures how many of its calls run at the same time.
actor InFlightCountingWriter: WebhookWriter {
    let inner: FakeWriter
    private(set) var maximumInFlight = 0
    private var inFlight = 0

    init(_ inner: FakeWriter) { self.inner = inner }

    private func enter() {
        inFlight += 1
        maximumInFlight = max(maximumInFlight, inFlight)
    }

    private func leave() { inFlight -= 1 }

    func liveState(of webhook: Webhook) async throws -> Webhook {
        enter()
        defer { leave() }
        await Task.yield()
        return try await inner.liveState(of: webhook)
    }

    func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook {
        enter()
        defer { leave() }
        await Task.yield()
        return try await inner.write(values, to: webhook)
    }
}
