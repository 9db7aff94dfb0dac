import Foundation
import RehookModel
import RehookSandbox
import Testing

/// Destination probes over real loopback HTTP: the sandbox's receiver stands for the new
/// destinations (Talkover and Argil accept plain http URLs, so the probe resolves, connects and
/// asks 127.0.0.1 itself), an unreachable one stops `plan` and `apply`, and no probe POSTs.
@Suite struct DestinationProbeTests {
    /// One account of each vendor that accepts plain http, two webhooks each.
    static let fixture = Workspace.fleet([.talkover, .argil], accounts: 1, webhooks: 2...2)
    /// Probes go straight to the URL's own host and port, not through the receiver routing.
    static let direct = [ProbeRouting.receiverVariable: ""]

    static func script(argil: String, talkover: String) -> String {
        """
        for vendor argil set url "\(argil)"
        for vendor talkover set url "\(talkover)"

        """
    }

    @Test func unreachableDestinationsAreReviewErrorsWithStatusAndPathAndApplySendsNothing() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let sandbox = try workspace.requireSandbox()
            await sandbox.destinations.setAnswer(.status(404), forPath: "/gone")
            let gone = "http://127.0.0.1:\(sandbox.destinationPort)/gone"
            try workspace.write(Self.script(argil: gone, talkover: "http://127.0.0.1:1/closed"), to: "move.rehook")

            let planned = try await workspace.rehook(["plan", "--probe", "move.rehook"], environment: Self.direct)
            #expect(planned.status == 1, "\(planned.allOutput)")
            #expect(planned.stdout.contains("Destinations probed (2):"), "\(planned.stdout)")
            #expect(planned.stdout.contains("error: plan: destination 127.0.0.1:\(sandbox.destinationPort)/gone (2 webhooks) "
                                            + "is unreachable: answers HEAD 404"), "\(planned.stdout)")
            #expect(planned.stdout.contains("127.0.0.1:1/closed (2 webhooks) is unreachable: tcp failed"), "\(planned.stdout)")
            // Each distinct URL once per run, although two webhooks move to it; a HEAD, never a POST.
            let afterPlan = await sandbox.destinations.requests()
            #expect(afterPlan.map(\.method) == ["HEAD"], "\(afterPlan)")
            #expect(afterPlan.map(\.path) == ["/gone"])

            let json = try await workspace.rehook(["plan", "--probe", "--format", "json", "move.rehook"], environment: Self.direct)
            let plan = try JSONDecoder().decode(Plan.self, from: Data(json.stdout.utf8))
            let probes = try #require(plan.probes)
            #expect(probes.map(\.destination) == ["127.0.0.1:\(sandbox.destinationPort)/gone", "127.0.0.1:1/closed"])
            #expect(probes.map(\.status) == [404, nil])
            #expect(probes.map(\.failedPhase) == [nil, .tcp])
            let markdown = try await workspace.rehook(["plan", "--probe", "--format", "markdown", "move.rehook"],
                                                      environment: Self.direct)
            #expect(markdown.stdout.contains("| 127.0.0.1:\(sandbox.destinationPort)/gone | unreachable | HEAD 404 |"),
                    "\(markdown.stdout)")

            let applied = try await workspace.rehook(["apply", "move.rehook", "--yes"], environment: Self.direct)
            #expect(applied.status == 1, "\(applied.allOutput)")
            #expect(applied.stderr.contains("the plan has review errors"), "\(applied.stderr)")
            let stats = await sandbox.stats()
            #expect(stats[.argil].totals.writes == 0)
            #expect(stats[.talkover].totals.writes == 0)
            #expect(try workspace.runIDs().isEmpty)
            #expect(await sandbox.destinations.requests().allSatisfy { $0.method == "HEAD" })
        }
    }

    @Test func healthyDestinationsAreProbedBeforeApplyAndEveryWebhookLands() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let sandbox = try workspace.requireSandbox()
            let root = "http://127.0.0.1:\(sandbox.destinationPort)"
            try workspace.write(Self.script(argil: "\(root)/argil", talkover: "\(root)/talkover"), to: "move.rehook")
            let applied = try await workspace.rehook(["apply", "move.rehook", "--yes"], environment: Self.direct)
            #expect(applied.status == 0, "\(applied.allOutput)")
            // Reachable, or "slow" when a loaded machine makes the in-process receiver take over 2 s.
            let argilRow = applied.stdout.split(separator: "\n").first {
                $0.contains("127.0.0.1:\(sandbox.destinationPort)/argil ") && $0.contains("HEAD")
            }
            #expect(argilRow.map { $0.contains("HEAD 200") && !$0.contains("unreachable") } == true, "\(applied.stdout)")
            let urls = try await workspace.sandboxState().accounts.flatMap(\.allWebhooks).map(\.url)
            #expect(urls.sorted() == ["\(root)/argil", "\(root)/argil", "\(root)/talkover", "\(root)/talkover"])
            let probes = await sandbox.destinations.requests()
            #expect(Set(probes.map(\.path)) == ["/argil", "/talkover"])
            #expect(probes.allSatisfy { $0.method == "HEAD" }, "\(probes)")
        }
    }

    @Test func aSlowDestinationIsAWarningAndNoProbeSkipsTheProbe() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let sandbox = try workspace.requireSandbox()
            await sandbox.destinations.setAnswer(.slow(status: 200, milliseconds: 2_100), forPath: "/slow")
            await sandbox.destinations.setAnswer(.status(503), forPath: "/down")
            let root = "http://127.0.0.1:\(sandbox.destinationPort)"
            try workspace.write(Self.script(argil: "\(root)/slow", talkover: "\(root)/down"), to: "move.rehook")
            try workspace.write(Self.script(argil: "\(root)/slow", talkover: "\(root)/slow"), to: "slow.rehook")

            let slow = try await workspace.rehook(["plan", "--probe", "slow.rehook"], environment: Self.direct)
            #expect(slow.status == 0, "\(slow.allOutput)")
            #expect(slow.stdout.contains("warning: plan: destination 127.0.0.1:\(sandbox.destinationPort)/slow (4 webhooks) "
                                         + "is slow"), "\(slow.stdout)")

            let skipped = try await workspace.rehook(["apply", "move.rehook", "--yes", "--no-probe"], environment: Self.direct)
            #expect(skipped.status == 0, "\(skipped.allOutput)")
            #expect(!skipped.stdout.contains("Destinations probed"))
            #expect(await sandbox.destinations.requests().map(\.path) == ["/slow"], "only the plan probed")
        }
    }

    @Test func theSandboxReceiverAnswersForTheDemoDestinationsWithSimulatedTLS() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let result = try await workspace.rehook(["plan", "--sandbox", PlanCommandTests.domainMove])
            #expect(result.status == 0, "\(result.allOutput)")
            #expect(result.stdout.contains("https://hooks.acme.dev/webhooks/heygen/"), "a real diff")
            #expect(result.stdout.contains("Destinations probed ("), "\(result.stdout)")
            #expect(result.stdout.contains("reachable  hooks.acme.dev/webhooks/"), "\(result.stdout)")
            #expect(result.stdout.contains("HEAD 200"))
            #expect(result.stdout.contains("tls simulated"))
            #expect(!result.stdout.contains("unreachable"))
        }
    }
}
