import Foundation
import RehookModel
import RehookSandbox
import Testing

/// The one request pipeline per account, seen from outside: the built binary against a sandbox
/// that limits each key like a vendor (a token bucket of capacity = rate) and logs every
/// request with the time it arrived.
@Suite(.serialized) struct RequestPipelineTests {
    @Test("apply SCRIPT --rate VENDOR=N/s at the vendors' own limit N: plan and apply together get no 429",
          arguments: [1, 4])
    func applyAtTheVendorLimitGetsNo429s(limit: Int) async throws {
        let fixture = Workspace.fleet(accounts: 1, webhooks: 3...3, seed: 41)
        let limits = Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0, Double(limit)) })
        try await Workspace.withSandbox(fixture, options: SandboxOptions(rateLimits: limits)) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let rates = VendorID.allCases.flatMap { ["--rate", "\($0.rawValue)=\(limit)/s"] }
            let result = try await workspace.rehook(["apply", "move.rehook", "--yes"] + rates)
            #expect(result.status == 0, "\(result.allOutput)")
            let sandbox = try workspace.requireSandbox()
            let log = await sandbox.requests()
            let limited = Set(log.filter(\.rateLimited).map(\.vendor))
            let timeline = log.filter { limited.contains($0.vendor) }
                .map { "\($0.vendor) \($0.method) \($0.path) \($0.time)\($0.rateLimited ? " 429" : "")" }
            #expect(limited.isEmpty, "self-provoked 429s: \(timeline.joined(separator: "\n"))")
            for vendor in VendorID.allCases {
                let writes = log.filter { $0.vendor == vendor.rawValue && $0.method != "GET" }
                #expect(writes.count == 3, "\(vendor): \(writes.count) writes")
                #expect(log.filter { $0.vendor == vendor.rawValue }.count > writes.count, "\(vendor) was listed")
            }
            let plan = try await workspace.rehook(["plan", "move.rehook"] + rates)
            #expect(plan.stdout.contains("No changes"), "\(plan.allOutput)")
        }
    }

    @Test(arguments: VendorID.allCases)
    func pacingAtTheVendorsLimitGetsNo429s(_ vendor: VendorID) async throws {
        let fixture = Workspace.fleet([vendor], accounts: 1, webhooks: 30...30, seed: 31)
        let options = SandboxOptions(rateLimits: [vendor: 10])
        try await Workspace.withSandbox(fixture, options: options, rates: [vendor: "10/s"]) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let sandbox = try workspace.requireSandbox()
            let account = try #require(sandbox.accounts.first)
            let beforeApply = await sandbox.stats().counters(vendor, account.name)
            let result = try await workspace.rehook(["apply", "plan.json", "--yes", "--rate", "\(account.name)=10/s"])
            #expect(result.status == 0, "\(result.allOutput)")
            let counters = await sandbox.stats().counters(vendor, account.name)
            #expect(counters.writes - beforeApply.writes == 30)
            #expect(beforeApply.rateLimited == 0, "planning was refused with 429s")
            #expect(counters.rateLimited - beforeApply.rateLimited == 0, "applying was refused with 429s")
        }
    }

    @Test("without --parallelism, requests in flight are sized from the accounts: above the old fixed 16, no 429")
    func inFlightSizedFromTheAccounts() async throws {
        let fixture = Workspace.fleet(accounts: 4, webhooks: 10...10, seed: 47)
        let limits = Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0, 100.0) })
        let rates = Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0, "100/s") })
        try await Workspace.withSandbox(fixture, options: SandboxOptions(rateLimits: limits, latency: .milliseconds(50)),
                                        rates: rates) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let result = try await workspace.rehook(["apply", "move.rehook", "--yes"])
            #expect(result.status == 0, "\(result.allOutput)")
            let stats = try await workspace.requireSandbox().stats()
            #expect(stats.peakInFlight > 16, "peak in flight \(stats.peakInFlight)")
            let limited = VendorID.allCases.reduce(0) { $0 + stats[$1].totals.rateLimited }
            #expect(limited == 0)
        }
    }

    @Test("a refused connection fails in seconds, naming vendor, account, base URL and the failure")
    func refusedConnectionFailsFast() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let port = try Self.closedPort()
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let started = ContinuousClock.now
            let result = try await workspace.rehook(["plan", "move.rehook"], environment: [
                "HEYGEN_API_KEY": "hk_test", "REHOOK_HEYGEN_URL": "http://127.0.0.1:\(port)/v1",
            ])
            let took = started.duration(to: .now)
            #expect(result.status == 1, "\(result.allOutput)")
            #expect(took < .seconds(10), "took \(took)")
            let message = result.stderr
            #expect(message.contains("HeyGen account 'heygen'"), "\(message)")
            #expect(message.contains("cannot connect to http://127.0.0.1:\(port)/v1: connection refused"), "\(message)")
            #expect(!message.contains("hk_test"))
            #expect(message.filter { $0 == "(" }.count == message.filter { $0 == ")" }.count, "unbalanced: \(message)")
        }
    }

    @Test("SIGINT during apply: no request leaves after it, exit 130 within seconds with the run id and resume command")
    func interruptedApplySendsNothingMore() async throws {
        let options = SandboxOptions(rateLimits: [.argil: 4], latency: .milliseconds(150))
        try await Workspace.withSandbox(ApplyResilienceTests.argilAccount(webhooks: 40), options: options,
                                        rates: [.argil: "4/s"]) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let planned = try await workspace.rehook(["plan", "move.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let running = try workspace.launchRehook(["apply", "plan.json", "--yes"])
            let runID = try await ApplyResilienceTests.waitForAppliedLines(3, in: workspace, while: running)
            let (signalledAt, stoppedIn) = try await Self.interrupt(running, sandbox: try workspace.requireSandbox())
            let result = try await running.result()
            #expect(result.status == 130, "\(result.allOutput)")
            #expect(stoppedIn < .seconds(3), "took \(stoppedIn) to stop")
            let late = try await workspace.requireSandbox().requests().filter { $0.time > signalledAt + 0.05 }
            #expect(late.isEmpty, "requests after the signal: \(late)")
            #expect(result.allOutput.contains("rehook apply --resume \(runID)"), "\(result.allOutput)")
            let resumed = try await workspace.rehook(["apply", "--resume", runID])
            #expect(resumed.status == 0, "\(resumed.allOutput)")
        }
    }

    @Test("SIGINT while listing for a plan: no request leaves after it, exit 130")
    func interruptedPlanSendsNothingMore() async throws {
        let fixture = Workspace.fleet([.talkover], accounts: 2, webhooks: 150...150, seed: 43)
        let options = SandboxOptions(rateLimits: [.talkover: 4], latency: .milliseconds(100))
        try await Workspace.withSandbox(fixture, options: options, rates: [.talkover: "4/s"]) { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let running = try workspace.launchRehook(["plan", "move.rehook"])
            let sandbox = try workspace.requireSandbox()
            while await sandbox.requests().count < 6 && running.process.isRunning {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(running.process.isRunning, "the listing ended before it could be interrupted")
            let (signalledAt, stoppedIn) = try await Self.interrupt(running, sandbox: sandbox)
            let result = try await running.result()
            #expect(result.status == 130, "\(result.allOutput)")
            #expect(stoppedIn < .seconds(3), "took \(stoppedIn) to stop")
            let late = await sandbox.requests().filter { $0.time > signalledAt + 0.05 }
            #expect(late.isEmpty, "requests after the signal: \(late)")
        }
    }

    /// Sends SIGINT; returns the sandbox clock at the signal and how long the process took to end.
    static func interrupt(_ running: RehookBinary.Launched, sandbox: RunningSandbox) async throws -> (Double, Duration) {
        let signalledAt = sandbox.elapsed()
        let started = ContinuousClock.now
        kill(running.process.processIdentifier, SIGINT)
        while running.process.isRunning && started.duration(to: .now) < .seconds(30) {
            try await Task.sleep(for: .milliseconds(10))
        }
        return (signalledAt, started.duration(to: .now))
    }

    /// A loopback port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length) == 0 && getsockname(socketFD, pointer, &length) == 0
            }
        }
        guard bound else { throw WorkspaceError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
