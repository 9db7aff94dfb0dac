import Foundation
import RehookModel
import RehookSandbox
import Testing

/// `apply --canary`, `--canary-wait` and `--max-failures` over real loopback HTTP (probes go to
/// the sandbox's receiver, which `REHOOK_DESTINATION_RECEIVER` routes them to): the sandbox's
/// request log shows the canary writes, the pause and the rest; a vendor refusing writes after
/// the canary stops the run at its failure budget and `--resume` finishes it; a destination
/// that stops answering after the canary's write stops the run with nothing more sent.
@Suite struct CanaryWaveTests {
    /// Two accounts of each vendor that accepts plain http, three webhooks each: 12 changes.
    static let fixture = Workspace.fleet([.talkover, .argil], accounts: 2, webhooks: 3...3)

    static func script(root: String) -> String {
        DestinationProbeTests.script(argil: "\(root)/argil", talkover: "\(root)/talkover")
    }

    /// A workspace whose `move.rehook` moves every webhook to the sandbox's receiver at `root`.
    static func withMove(_ body: (Workspace, RunningSandbox, _ root: String) async throws -> Void) async throws {
        try await Workspace.withSandbox(fixture) { workspace in
            let sandbox = try workspace.requireSandbox()
            let root = "http://127.0.0.1:\(sandbox.destinationPort)"
            try workspace.write(script(root: root), to: "move.rehook")
            try await body(workspace, sandbox, root)
        }
    }

    /// The vendor writes the sandbox received (every vendor here writes with PUT), oldest first.
    static func writes(_ sandbox: RunningSandbox) async -> [SandboxRequestRecord] {
        await sandbox.requests().filter { $0.method == "PUT" }.sorted { $0.time < $1.time }
    }

    static func landedURLs(_ workspace: Workspace) async throws -> [String] {
        try await workspace.sandboxState().accounts.flatMap(\.allWebhooks).map(\.url).sorted()
    }

    static func expectedURLs(root: String) -> [String] {
        (Array(repeating: "\(root)/argil", count: 6) + Array(repeating: "\(root)/talkover", count: 6)).sorted()
    }

    @Test func oneChangePerVendorFirstThenAPauseThenTheRestAndEveryWebhookLands() async throws {
        try await Self.withMove { workspace, sandbox, root in
            let applied = try await workspace.rehook(["apply", "move.rehook", "--yes", "--json", "--canary", "1",
                                                      "--canary-wait", "2s"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            #expect(applied.stderr.contains("waiting 2 s before the other 10"), "\(applied.stderr)")
            try await MachineOutputSchemaTests.expectValid("events", applied.stdout, lines: true)
            let summaryLine = try #require(applied.stdout.split(separator: "\n").last)
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(summaryLine.utf8)) as? [String: Any])
            let canary = try #require(summary["canary"] as? [String: Any], "\(summaryLine)")
            #expect(canary["changes"] as? Int == 2 && canary["verified"] as? Int == 2, "\(canary)")
            #expect(canary["destinations_probed"] as? Int == 2 && canary["passed"] as? Bool == true, "\(canary)")
            #expect(canary["waited_seconds"] as? Double == 2, "\(canary)")
            #expect(summary["stopped"] == nil)

            let writes = await Self.writes(sandbox)
            #expect(writes.count == 12)
            let gaps = zip(writes, writes.dropFirst()).map { $1.time - $0.time }
            #expect(gaps[1] >= 2.0, "the pause follows the two canary writes: \(gaps)")
            #expect(Set(writes.prefix(2).map(\.vendor)) == ["argil", "talkover"], "one canary per vendor")
            #expect(try await Self.landedURLs(workspace) == Self.expectedURLs(root: root))
            // The destinations were probed before the apply and again after the canary.
            let probes = await sandbox.destinations.requests()
            #expect(probes.filter { $0.path == "/talkover" }.count == 2, "\(probes)")

            let runID = try workspace.onlyRunID()
            let journal = try workspace.read(".rehook/runs/\(runID)/journal.ndjson")
            try await MachineOutputSchemaTests.expectValid("journal", journal, lines: true)
            let first = try #require(journal.split(separator: "\n").first)
            let options = try JSONDecoder().decode(RecordedRun.self, from: Data(first.utf8))
            #expect(options.event == "run")
            #expect(options.options.canary == .init(count: 1, per: "vendor", waitSeconds: 2))
            #expect(options.options.probe == true)
            #expect(options.options.maxFailures == nil)
        }
    }

    @Test func perAccountTheCanaryIsOneChangeOfEachAccountAndNoProbeIsRecorded() async throws {
        try await Self.withMove { workspace, sandbox, root in
            let applied = try await workspace.rehook(["apply", "move.rehook", "--yes", "--no-probe", "--canary", "1",
                                                      "--canary-per", "account", "--canary-wait", "1s"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            #expect(applied.stdout.contains("canary: 4 changes (1 per account) applied and verified; waited 1 s"),
                    "read back, not probed: \(applied.stdout)")
            let writes = await Self.writes(sandbox)
            #expect(Set(writes.prefix(4).map(\.account)).count == 4, "one canary per account: \(writes)")
            #expect(writes[4].time - writes[3].time >= 1.0)
            #expect(await sandbox.destinations.requests().isEmpty, "--no-probe: no probe at all")
            #expect(try await Self.landedURLs(workspace) == Self.expectedURLs(root: root))
            let journal = try workspace.read(".rehook/runs/\(try workspace.onlyRunID())/journal.ndjson")
            #expect(journal.hasPrefix(#"{"event":"run","options":{"canary":{"count":1,"per":"account","wait_seconds":1},"probe":false}"#),
                    "\(journal.prefix(200))")
        }
    }

    @Test func writesRefusedAfterTheCanaryStopAtMaxFailuresAndResumeFinishesTheRest() async throws {
        try await Self.withMove { workspace, sandbox, root in
            await sandbox.rejectWrites(of: .talkover, afterFirst: 1, status: 400)
            let stopped = try await workspace.rehook(
                ["apply", "move.rehook", "--yes", "--canary", "1", "--max-failures", "2",
                 "--concurrency", "talkover=1", "--concurrency", "argil=1"])
            #expect(stopped.status == 3, "\(stopped.allOutput)")
            let runID = try workspace.onlyRunID()
            #expect(stopped.stdout.contains("stopped after "), "\(stopped.stdout)")
            #expect(stopped.stdout.contains(" (--max-failures 2): "), "\(stopped.stdout)")
            #expect(stopped.stdout.contains(" not sent; resume with: rehook apply --resume \(runID)"), "\(stopped.stdout)")
            let talkoverWrites = await Self.writes(sandbox).filter { $0.vendor == "talkover" }
            #expect(talkoverWrites.count >= 3 && talkoverWrites.count < 6, "the canary, 2 or 3 refused, then no more: \(talkoverWrites.count)")
            #expect(try await Self.landedURLs(workspace) != Self.expectedURLs(root: root))

            await sandbox.acceptWrites(of: .talkover)
            let resumed = try await workspace.rehook(["apply", "--resume", runID, "--yes"])
            #expect(resumed.status == 0, "the refused changes are tried again and land: \(resumed.allOutput)")
            #expect(resumed.stdout.contains(" not yet applied: reachable."), "probed before resuming: \(resumed.stdout)")
            #expect(!resumed.stdout.contains("stopped after"), "\(resumed.stdout)")
            #expect(try await Self.landedURLs(workspace) == Self.expectedURLs(root: root))
            let journal = try workspace.read(".rehook/runs/\(runID)/journal.ndjson")
            try await MachineOutputSchemaTests.expectValid("journal", journal, lines: true)
            #expect(journal.contains(#""event":"resumed""#) && journal.contains(#""max_failures":"2""#), "\(journal)")
        }
    }

    @Test func aCanaryDestinationThatStopsAnsweringStopsTheRunWithNothingMoreSent() async throws {
        try await Self.withMove { workspace, sandbox, root in
            // Reachable for the probe before the apply, 404 when probed again after the canary.
            await sandbox.destinations.setAnswer(.status(404), forPath: "/talkover", afterRequests: 1)
            let applied = try await workspace.rehook(["apply", "move.rehook", "--yes", "--canary", "1"])
            #expect(applied.status == 3, "\(applied.allOutput)")
            #expect(applied.stdout.contains("canary: 2 changes (1 per vendor) did not pass:"), "\(applied.stdout)")
            #expect(applied.stdout.contains("destination 127.0.0.1:\(sandbox.destinationPort)/talkover is unreachable: answers HEAD 404"),
                    "\(applied.stdout)")
            let runID = try workspace.onlyRunID()
            #expect(applied.stdout.contains("stopped after the canary: 10 changes not sent; "
                                            + "resume with: rehook apply --resume \(runID)"), "\(applied.stdout)")
            let writes = await Self.writes(sandbox)
            #expect(writes.count == 2, "only the canary: \(writes)")

            let json = try await workspace.rehook(["apply", "--resume", runID, "--yes", "--json"])
            #expect(json.status == 1, "still unreachable: the resume refuses: \(json.allOutput)")
            #expect(json.stderr.contains("not resumed, nothing was sent"), "\(json.stderr)")
            #expect(await Self.writes(sandbox).count == 2)
        }
    }

    @Test(arguments: [
        (["--canary", "0"], "--canary 0"), (["--canary", "1", "--canary-per", "x"], "--canary-per"),
        (["--max-failures", "120%"], "--max-failures 120%"), (["--max-failures", "0"], "--max-failures 0"),
        (["--canary", "1", "--canary-wait", "abc"], "--canary-wait abc"), (["--canary-wait", "2s"], "go with --canary N"),
    ])
    func malformedWaveOptionsAreUsageErrorsBeforeAnythingIsPrintedOrSent(_ options: [String], _ named: String) async throws {
        try await Self.withMove { workspace, sandbox, _ in
            let result = try await workspace.rehook(["apply", "move.rehook", "--yes"] + options)
            #expect(result.status == 64, "\(result.allOutput)")
            #expect(result.stderr.contains(named), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            #expect(await sandbox.requests().isEmpty)
            #expect(await sandbox.destinations.requests().isEmpty)
        }
    }
}

/// The journal's first line, decoded apart from rehook's own types.
struct RecordedRun: Decodable {
    struct Options: Decodable {
        struct Canary: Decodable, Equatable {
            var count: Int
            var per: String
            var waitSeconds: Double

            enum CodingKeys: String, CodingKey { case count, per, waitSeconds = "wait_seconds" }
        }

        var canary: Canary?
        var maxFailures: String?
        var probe: Bool

        enum CodingKeys: String, CodingKey { case canary, maxFailures = "max_failures", probe }
    }

    var event: String
    var options: Options
}
