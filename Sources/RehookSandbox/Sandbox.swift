import Foundation
import Hummingbird
import Logging
import RehookModel

/// Starts sandboxes.
public enum Sandbox {
    /// The path prefix of each vendor: the sandbox's base URL is `http://127.0.0.1:PORT` + this.
    public static func pathPrefix(for vendor: VendorID) -> String { FakeRegistry.fake(for: vendor).pathPrefix }

    /// The vendors the sandbox plays, in `FakeRegistry` order.
    public static var fakedVendors: [VendorID] { FakeRegistry.fakes.map { $0.vendor } }

    /// Starts a server on 127.0.0.1 (port 0 picks a free one) and returns once it listens.
    public static func start(_ options: SandboxOptions = SandboxOptions()) async throws -> RunningSandbox {
        try options.validate()
        let fixture = try options.seed.makeFixture()
        try fixture.validate(source: "sandbox seed")
        let state = SandboxState(fixture)
        let stats = SandboxStatsRecorder()
        let gateway = VendorGateway(state: state, stats: stats,
                                    limiter: RateLimiter(limits: options.rateLimits, clock: options.clock),
                                    faults: FaultInjector(faults: options.faults, seed: options.randomSeed),
                                    options: options)
        let router = Router(context: SandboxRequestContext.self)
        for fake in FakeRegistry.fakes { fake.api(options).register(on: router, gateway: gateway) }
        AdminRoutes.register(on: router, state: state, stats: stats)

        var logger = Logger(label: "rehook.sandbox")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: options.port), serverName: "rehook-sandbox"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let server = Task {
            defer { portContinuation.finish() }
            if #available(macOS 15, *) {
                try await withTaskExecutorPreference(SandboxExecutor()) { try await application.run() }
            } else {
                try await application.run()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            server.cancel()
            do {
                try await server.value
            } catch {
                throw SandboxError.serverFailedToStart(reason: "\(error)")
            }
            throw SandboxError.serverFailedToStart(reason: "it stopped before listening on port \(options.port)")
        }
        return RunningSandbox(port: port, accounts: await state.accountInfos(), state: state, stats: stats,
                              server: server)
    }
}

/// A sandbox serving on loopback. Each instance has its own port, state and counters.
public final class RunningSandbox: Sendable {
    /// The TCP port it listens on (127.0.0.1).
    public let port: Int
    /// The accounts it was started with (vendor, name, key).
    public let accounts: [SandboxAccountInfo]
    /// Its live state.
    public let state: SandboxState
    private let recorder: SandboxStatsRecorder
    private let server: Task<Void, any Error>

    init(port: Int, accounts: [SandboxAccountInfo], state: SandboxState, stats: SandboxStatsRecorder,
         server: Task<Void, any Error>) {
        self.port = port
        self.accounts = accounts
        self.state = state
        self.recorder = stats
        self.server = server
    }

    /// `http://127.0.0.1:PORT`.
    public var rootURL: String { "http://127.0.0.1:\(port)" }

    /// What a client's base URL override for `vendor` should be, e.g.
    /// `http://127.0.0.1:PORT/talkover/api/v1`.
    public func baseURL(for vendor: VendorID) -> String { rootURL + Sandbox.pathPrefix(for: vendor) }

    /// The base URL override variables (`REHOOK_<VENDOR>_URL`) pointing at this sandbox.
    public var baseURLEnvironment: [String: String] {
        Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0.baseURLOverrideVariable, baseURL(for: $0)) })
    }

    /// The counters so far.
    public func stats() async -> SandboxStats { await recorder.snapshot() }

    /// Every authenticated request so far, with the time it arrived.
    public func requests() async -> [SandboxRequestRecord] { await recorder.requests() }

    /// Seconds since the sandbox started: the clock of `requests()`.
    public func elapsed() -> Double { recorder.elapsed() }

    /// Stops listening, closes connections and waits for the server to end.
    public func shutdown() async {
        server.cancel()
        _ = await server.result
    }
}

extension RunningSandbox {
    /// Variables a client needs: base URL overrides, each vendor's default key variable set to
    /// its first account's key, and `REHOOK_SANDBOX_KEY_<VENDOR>_<ACCOUNT>` for every account.
    public var environment: [String: String] {
        var variables = baseURLEnvironment
        for vendor in VendorID.allCases {
            if let first = accounts.first(where: { $0.vendor == vendor }) { variables[vendor.defaultKeyVariable] = first.key }
        }
        for account in accounts { variables[Self.keyVariable(for: account)] = account.key }
        return variables
    }

    /// `REHOOK_SANDBOX_KEY_<VENDOR>_<ACCOUNT>`, non-alphanumerics as `_`.
    public static func keyVariable(for account: SandboxAccountInfo) -> String {
        let name = String(account.name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return "REHOOK_SANDBOX_KEY_\(account.vendor.rawValue.uppercased())_\(name)"
    }

    /// `export NAME=value` lines for `environment`, sorted, for a shell to `eval`.
    public var shellExports: String {
        environment.sorted { $0.key < $1.key }.map { "export \($0.key)='\($0.value)'" }.joined(separator: "\n")
    }
}
