import Foundation
import RehookModel
import RehookSandbox
import RehookTestSupport
import Testing

/// Usage errors exit 64 before anything is printed or sent, and `--color never` means no
/// escape sequences anywhere (diagnostics included).
@Suite struct UsageErrorTests {
    static let escape = "\u{1B}["

    /// On a terminal (a pseudo-terminal, TERM=xterm, no NO_COLOR) `auto` colours diagnostics and
    /// `--color never` does not: before, plan's diagnostics ignored --color.
    @Test func colorNeverKeepsDiagnosticsPlainOnATerminal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-color-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("bad.rehook")
        try Data("for vendor heygen set timeout \"soon\"\n".utf8).write(to: script)
        let environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path, "TERM": "xterm",
                           "REHOOK_STATE_DIR": directory.appendingPathComponent(".rehook").path,
                           "SWIFT_BACKTRACE": "interactive=no,color=no"]
        func plan(_ color: String) throws -> (status: Int32, output: String) {
            let terminal = try PseudoTerminal(executable: RehookBinary.url, arguments: ["plan", "--color", color, script.path],
                                              environment: environment)
            let status = try terminal.waitForExit(timeout: .seconds(60))
            return (status, terminal.output)
        }
        let never = try plan("never")
        #expect(never.status == 65, "\(never.output)")
        #expect(never.output.contains("bad.rehook:1:"), "\(never.output)")
        #expect(!never.output.contains(Self.escape), "\(never.output.debugDescription)")
        let auto = try plan("auto")
        #expect(auto.status == 65)
        #expect(auto.output.contains(Self.escape), "a terminal is coloured: \(auto.output.debugDescription)")
    }

    @Test func accountOfAnotherVendorIsAUsageErrorNamingTheVendorsAccounts() async throws {
        let fixture = Workspace.fleet([.argil, .heygen], accounts: 2, webhooks: 1...2)
        try await Workspace.withSandbox(fixture) { workspace in
            let sandbox = try workspace.requireSandbox()
            let argil = try #require(sandbox.accounts.first { $0.vendor == .argil })
            let heygen = sandbox.accounts.filter { $0.vendor == .heygen }.map(\.name)
            try workspace.write("for vendor heygen where url starts with \"https://old\" set url \"https://hooks.acme.dev/h\"\n", to: "t.rehook")
            for command in [["inventory"], ["plan", "t.rehook"]] {
                let result = try await workspace.rehook(command + ["--vendor", "heygen", "--account", argil.name])
                #expect(result.status == 64, "\(command): \(result.allOutput)")
                #expect(result.stderr.contains("'\(argil.name)'"), "\(result.stderr)")
                for name in heygen { #expect(result.stderr.contains(name), "\(result.stderr)") }
                #expect(result.stdout.isEmpty, "\(result.stdout)")
            }
            let unknown = try await workspace.rehook(["inventory", "--account", "nosuch"])
            #expect(unknown.status == 64, "\(unknown.allOutput)")
        }
    }

    @Test func badRateOnASavedPlanIsAUsageErrorBeforeThePlanIsPrinted() async throws {
        let fixture = Workspace.fleet([.talkover], accounts: 2, webhooks: 2...3)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write("for vendor talkover set timeout 41\n", to: "t.rehook")
            let planned = try await workspace.rehook(["plan", "t.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            for rate in ["nosuch=10/s", "talkover-x", "\(try workspace.requireSandbox().accounts[0].name)=fast"] {
                let result = try await workspace.rehook(["apply", "plan.json", "--yes", "--rate", rate])
                #expect(result.status == 64, "\(rate): \(result.allOutput)")
                #expect(result.stdout.isEmpty, "\(rate): printed before the error: \(result.stdout)")
                #expect(result.stderr.contains("--rate"), "\(result.stderr)")
            }
            #expect(try workspace.runIDs().isEmpty, "nothing was applied")
            let concurrency = try await workspace.rehook(["apply", "t.rehook", "--yes", "--concurrency", "nosuch=2"])
            #expect(concurrency.status == 64, "\(concurrency.allOutput)")
            #expect(concurrency.stdout.isEmpty, "\(concurrency.stdout)")
        }
    }
}
