import Foundation
import RehookModel
import RehookSandbox
import Testing

/// Networks as users have them, over loopback: a forwarding proxy named by `HTTP_PROXY` (and
/// bypassed by `NO_PROXY`) or by an account's `proxy`, the `User-Agent` the vendor sees, and the
/// request log at debug (`--log-file`, `REHOOK_LOG_LEVEL`), scanned for keys and secrets.
@Suite struct NetworkTests {
    static let fixture = Workspace.fleet([.heygen, .composio], accounts: 1, webhooks: 3...3, seed: 61)

    @Test("HTTP_PROXY carries every request through the proxy; NO_PROXY sends them straight to the host")
    func proxyFromTheEnvironment() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let sandbox = try workspace.requireSandbox()
            try await ForwardingProxy.with { proxy in
                let through = try await workspace.rehook(["inventory"], environment: ["HTTP_PROXY": proxy.url])
                #expect(through.status == 0, "\(through.allOutput)")
                let tunnels = proxy.requestLines()
                #expect(!tunnels.isEmpty && tunnels.allSatisfy { $0.hasPrefix("CONNECT 127.0.0.1:\(sandbox.port) ") },
                        "\(tunnels)")
                let served = await sandbox.requests().count
                #expect(served >= 2, "both accounts were listed")

                let direct = try await workspace.rehook(["inventory"], environment: [
                    "http_proxy": proxy.url, "NO_PROXY": "localhost,127.0.0.1",
                ])
                #expect(direct.status == 0, "\(direct.allOutput)")
                #expect(proxy.requestLines().count == tunnels.count, "NO_PROXY bypassed the proxy")
                #expect(await sandbox.requests().count > served, "the requests went straight to the sandbox")
            }
        }
    }

    @Test("an account's proxy in rehook.toml carries its requests, with no variable set; others go direct")
    func proxyOfOneAccount() async throws {
        var options = SandboxOptions()
        options.portPerVendor = true
        try await Workspace.withSandbox(Self.fixture, options: options) { workspace in
            let sandbox = try workspace.requireSandbox()
            try await ForwardingProxy.with { proxy in
                let toml = try workspace.read("rehook.toml")
                try workspace.write(toml.replacingOccurrences(of: "vendor = \"heygen\"",
                                                              with: "vendor = \"heygen\"\nproxy = \"\(proxy.url)\""),
                                    to: "rehook.toml")
                let result = try await workspace.rehook(["inventory"])
                #expect(result.status == 0, "\(result.allOutput)")
                let heygenPort = try #require(sandbox.vendorPorts[.heygen])
                let tunnels = proxy.requestLines()
                #expect(!tunnels.isEmpty && tunnels.allSatisfy { $0.hasPrefix("CONNECT 127.0.0.1:\(heygenPort) ") },
                        "\(tunnels)")
                let composio = await sandbox.requests().filter { $0.vendor == VendorID.composio.rawValue }
                #expect(!composio.isEmpty, "the other account was listed directly")
            }
        }
    }

    @Test("every request carries User-Agent: rehook/<version>")
    func userAgent() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let result = try await workspace.rehook(["inventory"])
            #expect(result.status == 0, "\(result.allOutput)")
            let agents = Set(try await workspace.requireSandbox().requests().map(\.userAgent))
            #expect(agents == [RehookVersion.userAgent], "\(agents)")
            #expect(RehookVersion.userAgent == "rehook/\(RehookVersion.current)")
        }
    }

    @Test("--log-level debug --log-file: one line per request and every 429 decision; no key or secret in it")
    func requestLog() async throws {
        let limits: [VendorID: Double] = [.heygen: 1, .composio: 1]
        try await Workspace.withSandbox(Self.fixture, options: SandboxOptions(rateLimits: limits),
                                        rate: "50/s") { workspace in
            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            let result = try await workspace.rehook(["apply", "move.rehook", "--yes", "--log-level", "debug",
                                                     "--log-file", "requests.log"])
            #expect(result.status == 0, "\(result.allOutput)")
            let log = try workspace.read("requests.log")
            let lines = log.split(separator: "\n").map(String.init)
            let requests = lines.filter { $0.contains(" debug request ") }
            #expect(requests.contains { $0.contains("vendor=heygen") && $0.contains("method=GET") && $0.contains("status=200") })
            #expect(requests.contains { $0.contains("status=429") }, "the sandbox's 1/s limit was hit")
            #expect(requests.allSatisfy { $0.contains("account=") && $0.contains("path=/") && $0.contains(" ms=")
                        && $0.contains(" attempt=") }, "\(requests.prefix(3))")
            #expect(lines.contains { $0.contains(" debug retry ") && $0.contains("error=429") && $0.contains("account_slowed=yes") },
                    "\(log)")
            #expect(!result.stderr.contains(" debug request "), "the log went to the file, not stderr")
            let state = try await workspace.sandboxState()
            let secrets = state.accounts.map(\.key) + state.accounts.flatMap(\.allWebhooks).compactMap(\.secret)
            #expect(!secrets.isEmpty)
            for secret in secrets where !secret.isEmpty {
                #expect(!log.contains(secret), "a key or secret in the request log")
            }
        }
    }

    @Test("REHOOK_LOG_LEVEL=debug logs to standard error; the default level writes no request lines")
    func logLevelFromTheEnvironment() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let quiet = try await workspace.rehook(["inventory"])
            #expect(quiet.status == 0 && !quiet.stderr.contains("request vendor="), "\(quiet.stderr)")
            let verbose = try await workspace.rehook(["inventory"], environment: ["REHOOK_LOG_LEVEL": "debug"])
            #expect(verbose.status == 0)
            #expect(verbose.stderr.contains("debug request vendor=heygen"), "\(verbose.stderr)")
            #expect(!verbose.stdout.contains("request vendor="))
            let wrong = try await workspace.rehook(["inventory"], environment: ["REHOOK_LOG_LEVEL": "loud"])
            #expect(wrong.status == 64 && wrong.stderr.contains("REHOOK_LOG_LEVEL=loud is not a log level"))
        }
    }
}
