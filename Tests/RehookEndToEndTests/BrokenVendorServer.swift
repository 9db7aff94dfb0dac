import Foundation
import Hummingbird
import Logging

/// A tiny HTTP server on 127.0.0.1 (port 0) that answers one path with a fixed, broken body:
/// what a vendor behind a misconfigured proxy or a dying load balancer sends.
struct BrokenVendorServer: Sendable {
    let port: Int
    private let server: Task<Void, any Error>

    /// Serves `body` with `contentType` and status 200 for `GET path`; 404 for anything else.
    static func start(path: String, contentType: String, body: String) async throws -> BrokenVendorServer {
        let router = Router()
        router.get(RouterPath(path)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: contentType],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        let (port, server) = try await LoopbackServer.start(router, label: "broken-vendor")
        return BrokenVendorServer(port: port, server: server)
    }

    var rootURL: String { "http://127.0.0.1:\(port)" }

    func shutdown() async {
        server.cancel()
        _ = await server.result
    }
}

/// Starts a Hummingbird application on 127.0.0.1, port 0, and hands back the port it got.
enum LoopbackServer {
    /// The port and the task serving `router` (cancel it to stop the server).
    static func start(_ router: Router<BasicRequestContext>, label: String) async throws -> (Int, Task<Void, any Error>) {
        var logger = Logger(label: "rehook.e2e.\(label)")
        logger.logLevel = .critical
        let (ports, portFeed) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portFeed.yield(channel.localAddress?.port ?? 0)
                portFeed.finish()
            },
            logger: logger)
        let server = Task {
            defer { portFeed.finish() }
            try await application.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            server.cancel()
            throw WorkspaceError("the \(label) server did not start")
        }
        return (port, server)
    }
}
