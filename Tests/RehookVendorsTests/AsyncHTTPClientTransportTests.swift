import Foundation
import RehookVendors
import Testing

/// The production transport against loopback sockets (no internet).
@Suite("AsyncHTTPClient transport")
struct AsyncHTTPClientTransportTests {
    /// Sends one request through a fresh transport, shutting it down afterwards.
    private func send(_ request: HTTPRequest, connectTimeout: Int = 5,
                      readTimeout: Int = 5) async throws -> Result<HTTPResponse, HTTPTransportError> {
        let transport = AsyncHTTPClientTransport(connectTimeout: connectTimeout, readTimeout: readTimeout)
        let result: Result<HTTPResponse, HTTPTransportError>
        do {
            result = .success(try await transport.send(request))
        } catch {
            result = .failure(error)
        }
        try await transport.shutdown()
        return result
    }

    @Test("sends the request and returns status, headers and body")
    func roundTrip() async throws {
        let server = try LoopbackServer(response:
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nRetry-After: 3\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]")
        defer { server.stop() }
        let response = try await send(HTTPRequest(method: .put, url: "http://127.0.0.1:\(server.port)/x",
                                                  headers: [HTTPHeaderField("x-api-key", "k")], body: Data("{}".utf8))).get()
        #expect(response.status == 201)
        #expect(response.header("retry-after") == "3")
        #expect(response.body == Data("[]".utf8))
    }

    @Test("a refused connection is an unreachable host, said in plain words")
    func refused() async throws {
        let server = try LoopbackServer(response: nil)
        server.stop()
        let result = try await send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(server.port)/"), connectTimeout: 1)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .unreachable)
        #expect(error.detail == "connection refused")
    }

    @Test("a server that never answers is a timeout")
    func silent() async throws {
        let server = try LoopbackServer(response: nil)
        defer { server.stop() }
        let result = try await send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(server.port)/"), readTimeout: 1)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .timeout)
    }
}
