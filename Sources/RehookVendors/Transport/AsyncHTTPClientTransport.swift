import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

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
    public init(connectTimeout: Int = 10, readTimeout: Int = 30, connectionsPerHost: Int = 32) {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(Int64(connectTimeout)), read: .seconds(Int64(readTimeout))))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.redirectConfiguration = .disallow
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

    /// Maps client and channel errors onto the two transport failure kinds.
    static func classify(_ error: any Error) -> HTTPTransportError {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .readTimeout, .writeTimeout, .deadlineExceeded,
                 .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return HTTPTransportError(.timeout, "timed out (\(clientError))")
            default:
                return HTTPTransportError(.connection, "connection failed (\(clientError))")
            }
        }
        if error is NIOTooManyBytesError {
            return HTTPTransportError(.connection, "response larger than \(maximumResponseBytes) bytes")
        }
        return HTTPTransportError(.connection, "connection failed (\(String(describing: type(of: error))): \(error))")
    }
}
