import Foundation
import Hummingbird
import Logging
import RehookModel
import ServiceLifecycle

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
        var listeners = [Listener(vendor: nil, router: router, port: options.port)]
        if options.portPerVendor {
            for fake in FakeRegistry.fakes {
                let own = Router(context: SandboxRequestContext.self)
                fake.api(options).register(on: own, gateway: gateway)
                AdminRoutes.register(on: own, state: state, stats: stats)
                listeners.append(Listener(vendor: fake.vendor, router: own, port: 0))
            }
        }
        let (server, services, ports) = try await serve(listeners)
        return RunningSandbox(port: ports[0],
                              vendorPorts: Dictionary(uniqueKeysWithValues: zip(listeners, ports).compactMap { listener, port in
                                  listener.vendor.map { ($0, port) }
                              }),
                              accounts: await state.accountInfos(), state: state, stats: stats, server: server,
                              services: services)
    }

    /// One server of a sandbox: every vendor (`vendor` nil) or one vendor's routes.
    private struct Listener {
        let vendor: VendorID?
        let router: Router<SandboxRequestContext>
        let port: Int
    }

    /// Runs every listener in one task (one service group, so that they stop gracefully), its
    /// handlers on the sandbox's own executor, and returns once all listen, with their ports in order.
    private static func serve(_ listeners: [Listener]) async throws -> (Task<Void, any Error>, ServiceGroup, [Int]) {
        var logger = Logger(label: "rehook.sandbox")
        logger.logLevel = .critical
        let (started, startedContinuation) = AsyncStream.makeStream(of: (index: Int, port: Int).self)
        let applications = listeners.enumerated().map { index, listener in
            Application(
                router: listener.router,
                // A fleet opens a connection per request in flight, up to thousands at once: the
                // default backlog of 256 dropped SYNs (retried after 1 s) when 1,000 accounts
                // were read at once. The kernel caps it at net.core.somaxconn.
                configuration: .init(address: .hostname("127.0.0.1", port: listener.port), serverName: "rehook-sandbox",
                                     backlog: 4096),
                onServerRunning: { channel in startedContinuation.yield((index, channel.localAddress?.port ?? 0)) },
                logger: logger)
        }
        let services = ServiceGroup(services: applications, logger: logger)
        let server = Task {
            defer { startedContinuation.finish() }
            if #available(macOS 15, *) {
                try await withTaskExecutorPreference(SandboxExecutor()) { try await services.run() }
            } else {
                try await services.run()
            }
        }
        var ports = [Int](repeating: 0, count: listeners.count)
        for await (index, port) in started {
            ports[index] = port
            if !ports.contains(0) { break }
        }
        guard !ports.contains(0) else {
            server.cancel()
            do {
                try await server.value
            } catch {
                throw SandboxError.serverFailedToStart(reason: "\(error)")
            }
            throw SandboxError.serverFailedToStart(reason: "it stopped before listening on port \(listeners[0].port)")
        }
        return (server, services, ports)
    }
}

/// A sandbox serving on loopback. Each instance has its own port, state and counters.
public final class RunningSandbox: Sendable {
    /// The TCP port it listens on (127.0.0.1).
    public let port: Int
    /// With `SandboxOptions.portPerVendor`, the port each vendor also listens on alone: real
    /// vendors are separate hosts, each with its own connection pool in a client.
    public let vendorPorts: [VendorID: Int]
    /// The accounts it was started with (vendor, name, key).
    public let accounts: [SandboxAccountInfo]
    /// Its live state.
    public let state: SandboxState
    private let recorder: SandboxStatsRecorder
    private let server: Task<Void, any Error>
    private let services: ServiceGroup

    init(port: Int, vendorPorts: [VendorID: Int], accounts: [SandboxAccountInfo], state: SandboxState,
         stats: SandboxStatsRecorder, server: Task<Void, any Error>, services: ServiceGroup) {
        self.port = port
        self.vendorPorts = vendorPorts
        self.accounts = accounts
        self.state = state
        self.recorder = stats
        self.server = server
        self.services = services
    }

    /// `http://127.0.0.1:PORT`.
    public var rootURL: String { "http://127.0.0.1:\(port)" }

    /// What a client's base URL override for `vendor` should be, e.g.
    /// `http://127.0.0.1:PORT/talkover/api/v1` (the vendor's own port with `portPerVendor`).
    public func baseURL(for vendor: VendorID) -> String {
        "http://127.0.0.1:\(vendorPorts[vendor] ?? port)" + Sandbox.pathPrefix(for: vendor)
    }

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

    /// How long a graceful stop may wait for requests being answered before they are cut off.
    public static let gracefulStopLimit: Duration = .seconds(3)

    /// Stops listening, lets requests being answered finish (at most `gracefulStopLimit`),
    /// closes connections and waits for the server to end. Cancelling outright dropped
    /// connections accepted at that moment half set up, which trapped in swift-nio
    /// ("Deinited NIOAsyncWriter without calling finish()").
    public func shutdown() async {
        await services.triggerGracefulShutdown()
        let server = self.server
        let deadline = Task {
            try await Task.sleep(for: Self.gracefulStopLimit)
            server.cancel()
        }
        _ = await server.result
        deadline.cancel()
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
