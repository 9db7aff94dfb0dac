import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RehookModel

/// Probes the new destinations of a plan before deliveries move to them: DNS resolution, a TCP
/// connection, TLS (the certificate valid for the host and not expired) and one HTTP request
/// that runs no handler (`HEAD`, then `OPTIONS` when HEAD is refused). Never `POST`, never a
/// vendor key or webhook secret, no user info, no query string; redirects are not followed.
///
/// The one owner of probing. It has its own HTTP client: probes are not vendor calls and go
/// through no account pipeline or pacing. Each distinct URL is probed once per run, at most
/// `perHost` at a time per host, all hosts at once, with short timeouts.
public struct DestinationProbe: Sendable {
    public var routing: ProbeRouting
    /// Requests in flight to one host at most.
    public var perHost: Int
    public var connectTimeout: TimeAmount
    /// The most a probe's HTTP request may take.
    public var requestTimeout: TimeAmount

    /// Real hosts get short timeouts (3 s to connect, 5 s per request); the sandbox's receiver,
    /// which shares a busy process (a test run) with the fake vendors, longer ones (10 s, 15 s),
    /// so that load is not reported as an unreachable host.
    public init(routing: ProbeRouting = .direct, perHost: Int = 4, connectTimeout: TimeAmount? = nil,
                requestTimeout: TimeAmount? = nil) {
        self.routing = routing
        self.perHost = max(1, perHost)
        let simulated = routing != .direct
        self.connectTimeout = connectTimeout ?? .seconds(simulated ? 10 : 3)
        self.requestTimeout = requestTimeout ?? .seconds(simulated ? 15 : 5)
    }

    /// Probes every distinct new URL of `plan`; the results in the plan's order of URLs.
    public func probe(_ plan: Plan) async -> [DestinationProbeResult] {
        await probe(urls: plan.newDestinations)
    }

    /// Probes each distinct URL of `urls` once; results in the order of first appearance.
    public func probe(urls: [String]) async -> [DestinationProbeResult] {
        var seen = Set<String>()
        let distinct = urls.filter { seen.insert($0).inserted }
        guard !distinct.isEmpty else { return [] }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: connectTimeout, read: requestTimeout))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = perHost
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let byHost = Dictionary(grouping: distinct.enumerated(), by: { ProbeTarget.hostKey(of: $0.element) })
        var results = [DestinationProbeResult?](repeating: nil, count: distinct.count)
        await withTaskGroup(of: [(Int, DestinationProbeResult)].self) { group in
            for urls in byHost.values {
                group.addTask { await probeHost(urls.map { ($0.offset, $0.element) }, client: client) }
            }
            for await finished in group {
                for (index, result) in finished { results[index] = result }
            }
        }
        try? await client.shutdown()
        return results.compactMap { $0 }
    }

    /// One host's URLs, `perHost` at a time.
    private func probeHost(_ urls: [(Int, String)], client: HTTPClient) async -> [(Int, DestinationProbeResult)] {
        await withTaskGroup(of: (Int, DestinationProbeResult).self) { group in
            var pending = urls[...]
            var results: [(Int, DestinationProbeResult)] = []
            for _ in 0..<perHost {
                guard let (index, url) = pending.popFirst() else { break }
                group.addTask { (index, await probeOne(url, client: client)) }
            }
            for await result in group {
                results.append(result)
                if let (index, url) = pending.popFirst() {
                    group.addTask { (index, await probeOne(url, client: client)) }
                }
            }
            return results
        }
    }

    /// One URL through every phase, stopping at the first that fails.
    func probeOne(_ url: String, client: HTTPClient) async -> DestinationProbeResult {
        let start = ContinuousClock.now
        let display = URLCredentials.masked(url)
        guard let target = ProbeTarget(url, routing: routing) else {
            return ProbeRecord(url: display, destination: display, tls: .none, start: start)
                .failed(.url, "not an http or https URL with a host")
        }
        let record = ProbeRecord(url: display, destination: URLCredentials.masked(target.destination), tls: target.tls,
                                 start: start)
        let address: SocketAddress
        do {
            let (host, port) = (target.connectHost, target.connectPort)
            address = try await NIOThreadPool.singleton.runIfActive {
                try SocketAddress.makeAddressResolvingHost(host, port: port)
            }
        } catch {
            return record.failed(.dns, "\(target.connectHost) does not resolve")
        }
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(connectTimeout).connect(to: address).get()
            try? await channel.close()
        } catch {
            return record.failed(.tcp, Self.describe(error))
        }
        return await request(target, record: record, client: client)
    }

    /// `HEAD`, then `OPTIONS` when the destination answers 405 or 501 to it.
    private func request(_ target: ProbeTarget, record: ProbeRecord, client: HTTPClient) async -> DestinationProbeResult {
        var lastStatus: Int?
        for method in [HTTPMethod.HEAD, .OPTIONS] {
            var request = HTTPClientRequest(url: target.requestURL)
            request.method = method
            request.headers.add(name: "User-Agent", value: "rehook-probe")
            if let host = target.hostHeader { request.headers.replaceOrAdd(name: "Host", value: host) }
            do {
                let response = try await client.execute(request, timeout: requestTimeout)
                _ = try? await response.body.collect(upTo: 64 * 1024)
                lastStatus = Int(response.status.code)
                if method == .HEAD && (lastStatus == 405 || lastStatus == 501) { continue }
                return record.answered(method.rawValue, status: Int(response.status.code))
            } catch {
                if let lastStatus { return record.answered("HEAD", status: lastStatus) }
                let phase: DestinationProbeResult.Phase = Self.isTLS(error) ? .tls : .http
                return record.failed(phase, Self.describe(error))
            }
        }
        return record.answered("OPTIONS", status: lastStatus ?? 0)
    }

    static func isTLS(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
    }

    /// A short reason, credentials masked.
    static func describe(_ error: any Error) -> String {
        let text: String
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            text = "no answer in time"
        case let error as HTTPClientError where error == .connectTimeout:
            text = "connect timed out"
        case ChannelError.connectTimeout:
            text = "connect timed out"
        case let error as IOError:
            text = String(cString: strerror(error.errnoCode)).lowercased()
        default:
            text = "\(error)"
        }
        return URLCredentials.masking(in: String(text.prefix(200)))
    }
}

/// A URL as a probe reads it.
struct ProbeTarget {
    /// `host[:port]/path`, what the results show.
    let destination: String
    let connectHost: String
    let connectPort: Int
    /// The URL requested: the destination without user info, query or fragment (or the receiver's).
    let requestURL: String
    /// The original host, when the request goes to the receiver in its place.
    let hostHeader: String?
    let tls: DestinationProbeResult.TLSCheck

    init?(_ url: String, routing: ProbeRouting) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let rawHost = components.host, !rawHost.isEmpty else { return nil }
        let host = rawHost.hasPrefix("[") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let authority = (rawHost.contains(":") && !rawHost.hasPrefix("[") ? "[\(rawHost)]" : rawHost)
            + (components.port.map { ":\($0)" } ?? "")
        destination = authority + path
        switch routing {
        case .direct:
            connectHost = host
            connectPort = port
            requestURL = "\(scheme)://\(authority)\(path)"
            hostHeader = nil
            tls = scheme == "https" ? .verified : .none
        case .receiver(let receiverPort):
            connectHost = "127.0.0.1"
            connectPort = receiverPort
            requestURL = "http://127.0.0.1:\(receiverPort)\(path)"
            hostHeader = authority
            tls = scheme == "https" ? .simulated : .none
        }
    }

    /// The host (and port) a URL's probes share their per-host limit on.
    static func hostKey(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return (components.host ?? url).lowercased() + ":" + (components.port.map(String.init) ?? "")
    }
}

/// A probe's result under construction: what it is about and when it started.
struct ProbeRecord {
    let url: String
    let destination: String
    let tls: DestinationProbeResult.TLSCheck
    let start: ContinuousClock.Instant

    private var milliseconds: Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    func failed(_ phase: DestinationProbeResult.Phase, _ detail: String) -> DestinationProbeResult {
        DestinationProbeResult(url: url, destination: destination, status: nil, method: nil, failedPhase: phase,
                               detail: detail, milliseconds: milliseconds, tls: tls)
    }

    func answered(_ method: String, status: Int) -> DestinationProbeResult {
        DestinationProbeResult(url: url, destination: destination, status: status, method: method, failedPhase: nil,
                               detail: nil, milliseconds: milliseconds, tls: tls)
    }
}
