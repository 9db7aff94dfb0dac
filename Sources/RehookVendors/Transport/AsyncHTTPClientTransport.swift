import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The production transport: ONE shared `HTTPClient` for the whole run, with connect and read
/// timeouts, verified TLS (the default) and a raised per-host connection limit.
///
/// Create it once, pass it to every adapter, and call `shutdown()` before the process exits.
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// Responses larger than this are refused rather than buffered.
    public static let maximumResponseBytes = 8 * 1024 * 1024

    private let client: HTTPClient
    private let requestTimeout: TimeAmount

    /// - Parameters:
    ///   - connectTimeout: Seconds to establish a connection.
    ///   - readTimeout: Seconds of silence allowed while waiting for response bytes.
    ///   - connectionsPerHost: Soft limit of concurrent HTTP/1 connections to one host.
    public init(connectTimeout: Int = 4, readTimeout: Int = 30, connectionsPerHost: Int = 32) {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(Int64(connectTimeout)), read: .seconds(Int64(readTimeout))))
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
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.requestTimeout = .seconds(Int64(connectTimeout + 2 * readTimeout))
    }

    /// Closes every connection. Call exactly once, after the last request.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
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
