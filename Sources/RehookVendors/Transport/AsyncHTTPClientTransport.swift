import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RehookModel

/// The production transport: ONE shared HTTP client setup for the whole run — connect and
/// request timeouts, verified TLS with any extra CAs, a raised per-host connection limit, the
/// `User-Agent` — with one `HTTPClient` per proxy in use (async-http-client sets the proxy per
/// client): requests `NO_PROXY` exempts go through the direct one.
///
/// Create it once, pass it to every adapter, and call `shutdown()` before the process exits.
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// Responses larger than this are refused rather than buffered.
    public static let maximumResponseBytes = 8 * 1024 * 1024

    public let settings: NetworkSettings
    private let connectionsPerHost: Int
    private let requestTimeout: TimeAmount
    /// By proxy (`nil`: direct), created on first use.
    private let clients = Locked<[ProxyEndpoint?: HTTPClient]>([:])
    private let isShutDown = Locked(false)

    /// - Parameters:
    ///   - settings: Timeouts, extra CAs, proxies and `User-Agent`.
    ///   - connectionsPerHost: Soft limit of concurrent HTTP/1 connections to one host.
    public init(settings: NetworkSettings = NetworkSettings(), connectionsPerHost: Int = 32) {
        self.settings = settings
        self.connectionsPerHost = connectionsPerHost
        self.requestTimeout = .seconds(Int64(settings.requestTimeout))
    }

    /// - Parameters:
    ///   - connectTimeout: Seconds to establish a connection.
    ///   - readTimeout: Seconds of silence allowed while waiting for response bytes.
    public convenience init(connectTimeout: Int, readTimeout: Int, connectionsPerHost: Int = 32) {
        self.init(settings: NetworkSettings(connectTimeout: connectTimeout, requestTimeout: connectTimeout + 2 * readTimeout),
                  connectionsPerHost: connectionsPerHost)
    }

    /// Closes every connection. Call exactly once, after the last request.
    public func shutdown() async throws {
        let open = clients.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        isShutDown.withLock { $0 = true }
        for client in open { try await client.shutdown() }
    }

    /// This transport with every request sent through `proxy` (an account's own `proxy`).
    public func routed(through proxy: ProxyEndpoint) -> any HTTPTransport {
        ProxiedTransport(base: self, proxy: proxy)
    }

    /// The client for `proxy`, made on first use.
    private func client(for proxy: ProxyEndpoint?) throws(HTTPTransportError) -> HTTPClient {
        if isShutDown.withLock({ $0 }) { throw HTTPTransportError(.unreachable, "the HTTP client was shut down") }
        return clients.withLock { clients in
            if let existing = clients[proxy] { return existing }
            let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration(proxy: proxy))
            clients[proxy] = made
            return made
        }
    }

    private func configuration(proxy: ProxyEndpoint?) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(Int64(settings.connectTimeout)), read: .seconds(Int64(settings.readTimeout))))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        // A failed connect fails the request at once: the account pipeline is the one retry
        // layer (left on, the client retries connecting until the connect timeout, so a refused
        // port cost 4 s per attempt).
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        // HTTP/2 where the vendor offers it over TLS (ALPN), HTTP/1.1 otherwise: one connection
        // then carries many requests at once (docs/vendors.md).
        configuration.httpVersion = .automatic
        if !settings.caFiles.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = settings.caFiles.map { .file($0) }
            configuration.tlsConfiguration = tls
        }
        if let proxy {
            let authorization = proxy.username.map {
                HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "")
            }
            configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
        return configuration
    }

    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        try await send(request, through: settings.proxies.proxy(for: request.url))
    }

    /// Sends `request` through `proxy` (`nil`: directly), with the `User-Agent`.
    func send(_ request: HTTPRequest, through proxy: ProxyEndpoint?) async throws(HTTPTransportError) -> HTTPResponse {
        let client = try client(for: proxy)
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
        outgoing.headers.add(name: "User-Agent", value: settings.userAgent)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(outgoing, timeout: requestTimeout)
            let buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { HTTPHeaderField($0.name, $0.value) },
                body: Data(buffer.readableBytesView))
        } catch {
            throw Self.classify(error)
        }
    }

    /// Maps client and channel errors onto the transport failure kinds, in plain words.
    static func classify(_ error: any Error) -> HTTPTransportError {
        if let reason = unreachableReason(error) { return HTTPTransportError(.unreachable, reason) }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .readTimeout, .writeTimeout, .deadlineExceeded, .getConnectionFromPoolTimeout:
                return HTTPTransportError(.timeout, "timed out (\(clientError))")
            case .remoteConnectionClosed:
                return HTTPTransportError(.connection, "the server closed the connection without an answer")
            default:
                return HTTPTransportError(.connection, "connection failed: \(clientError)")
            }
        }
        if error is NIOTooManyBytesError {
            return HTTPTransportError(.connection, "response larger than \(maximumResponseBytes) bytes")
        }
        if let ioError = error as? IOError, let words = errnoWords[ioError.errnoCode] {
            return HTTPTransportError(.connection, words)
        }
        return HTTPTransportError(.connection, "connection failed: \(error)")
    }

    /// Why a connection could not be made at all, or `nil` when the failure came later.
    static func unreachableReason(_ error: any Error) -> String? {
        if let ioError = error as? IOError, unreachableErrnos.contains(ioError.errnoCode) {
            return errnoWords[ioError.errnoCode]
        }
        if let connectionError = error as? NIOConnectionError {
            if let first = connectionError.connectionErrors.first {
                return unreachableReason(first.error) ?? "cannot connect: \(first.error)"
            }
            return connectionError.dnsAError != nil || connectionError.dnsAAAAError != nil
                ? "host name not found" : "cannot connect"
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return "no answer to the connection attempt"
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout: return "no answer to the connection attempt"
            case .tlsHandshakeTimeout: return "TLS handshake timed out"
            default: return nil
            }
        }
        if error is SocketAddressError { return "host name not found" }
        let typeName = String(reflecting: type(of: error))
        if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") {
            return "TLS handshake failed (\(error))"
        }
        return nil
    }

    private static let unreachableErrnos: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL]
    private static let errnoWords: [Int32: String] = [
        ECONNREFUSED: "connection refused", EHOSTUNREACH: "host unreachable", ENETUNREACH: "network unreachable",
        EADDRNOTAVAIL: "address not available", ECONNRESET: "connection reset by the server",
        EPIPE: "connection closed by the server while sending",
    ]
}

/// The shared transport with every request sent through one proxy.
private struct ProxiedTransport: HTTPTransport {
    let base: AsyncHTTPClientTransport
    let proxy: ProxyEndpoint

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        try await base.send(request, through: proxy)
    }
}
