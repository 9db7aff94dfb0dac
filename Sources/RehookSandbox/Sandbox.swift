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
        let vendors = try await serve(listeners)
        // The destination receiver, once the vendors listen (a vendor port in use fails the start
        // before the receiver runs).
        let destinations = DestinationReceiver()
        let receiver: RunningServer
        do {
            receiver = try await serve([Listener(vendor: nil, router: DestinationReceiver.router(destinations), port: 0)])
        } catch {
            await vendors.stop()
            throw error
        }
        return RunningSandbox(port: vendors.ports[0], destinationPort: receiver.ports[0], destinations: destinations,
                              vendorPorts: Dictionary(uniqueKeysWithValues: zip(listeners, vendors.ports).compactMap { listener, port in
                                  listener.vendor.map { ($0, port) }
                              }),
                              accounts: await state.accountInfos(), state: state, stats: stats,
                              servers: [vendors, receiver])
    }

    /// One server of a sandbox: every vendor (`vendor` nil) or one vendor's routes.
    private struct Listener {
        let vendor: VendorID?
        let router: Router<SandboxRequestContext>
        let port: Int
    }

    /// Runs every listener in one task (one service group, so that they stop gracefully), its
    /// handlers on the sandbox's own executor, and returns once all listen, with their ports in order.
    private static func serve(_ listeners: [Listener]) async throws -> RunningServer {
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
        return RunningServer(task: server, services: services, ports: ports)
    }
}

/// A sandbox serving on loopback. Each instance has its own port, state and counters.
public final class RunningSandbox: Sendable {
    /// The TCP port it listens on (127.0.0.1).
    public let port: Int
    /// With `SandboxOptions.portPerVendor`, the port each vendor also listens on alone: real
    /// vendors are separate hosts, each with its own connection pool in a client.
    public let vendorPorts: [VendorID: Int]
    /// The port of its destination receiver (127.0.0.1), which answers probes for every host.
    public let destinationPort: Int
    /// The receiver: set per-path answers, read what it received.
    public let destinations: DestinationReceiver
    /// The accounts it was started with (vendor, name, key).
    public let accounts: [SandboxAccountInfo]
    /// Its live state.
    public let state: SandboxState
    private let recorder: SandboxStatsRecorder
    private let servers: [RunningServer]

    init(port: Int, destinationPort: Int, destinations: DestinationReceiver, vendorPorts: [VendorID: Int],
         accounts: [SandboxAccountInfo], state: SandboxState, stats: SandboxStatsRecorder, servers: [RunningServer]) {
        self.port = port
        self.destinationPort = destinationPort
        self.destinations = destinations
        self.vendorPorts = vendorPorts
        self.accounts = accounts
        self.state = state
        self.recorder = stats
        self.servers = servers
    }

    /// `http://127.0.0.1:PORT`.
    public var rootURL: String { "http://127.0.0.1:\(port)" }

    /// What a client's base URL override for `vendor` should be, e.g.
    /// `http://127.0.0.1:PORT/talkover/api/v1` (the vendor's own port with `portPerVendor`).
    public func baseURL(for vendor: VendorID) -> String {
        "http://127.0.0.1:\(vendorPorts[vendor] ?? port)" + Sandbox.pathPrefix(for: vendor)
    }

    /// The base URL override variables (`REHOOK_<VENDOR>_URL`) pointing at this sandbox, and
    /// `REHOOK_DESTINATION_RECEIVER` routing every destination probe to its receiver.
    public var baseURLEnvironment: [String: String] {
        var variables = Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0.baseURLOverrideVariable, baseURL(for: $0)) })
        variables[ProbeRouting.receiverVariable] = "http://127.0.0.1:\(destinationPort)"
        return variables
    }

    /// The counters so far.
    public func stats() async -> SandboxStats { await recorder.snapshot() }

    /// Every authenticated request so far, with the time it arrived.
    public func requests() async -> [SandboxRequestRecord] { await recorder.requests() }

    /// Seconds since the sandbox started: the clock of `requests()`.
    public func elapsed() -> Double { recorder.elapsed() }

    /// Stops listening, lets requests being answered finish (at most
    /// `RunningServer.gracefulStopLimit`), closes connections and waits for the servers to end.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { await server.stop() } }
        }
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

/// Listeners served by one service group, and the task running it.
struct RunningServer: Sendable {
    /// How long a graceful stop may wait for requests being answered before they are cut off.
    static let gracefulStopLimit: Duration = .seconds(3)

    let task: Task<Void, any Error>
    let services: ServiceGroup
    /// The listeners' ports, in order.
    let ports: [Int]

    /// Stops gracefully: no new connection is accepted, requests being answered finish (at most
    /// `gracefulStopLimit`, then they are cancelled). Cancelling outright dropped connections
    /// accepted at that moment half set up, which trapped in swift-nio ("Deinited NIOAsyncWriter
    /// without calling finish()").
    func stop() async {
        await services.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: Self.gracefulStopLimit)
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }
}
