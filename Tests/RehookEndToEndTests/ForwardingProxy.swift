import Foundation

/// A local forwarding HTTP proxy (python3, as `.ci/run` installs it): tunnels `CONNECT` and
/// forwards absolute-form requests, writing each request line it receives to a file.
final class ForwardingProxy: Sendable {
    let process: Process
    let port: Int
    private let logFile: URL

    var url: String { "http://127.0.0.1:\(port)" }

    /// The request lines received so far (`CONNECT 127.0.0.1:PORT HTTP/1.1`, …).
    func requestLines() -> [String] {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Starts a proxy, runs `body`, stops the proxy.
    static func with<T: Sendable>(_ body: (ForwardingProxy) async throws -> T) async throws -> T {
        let proxy = try ForwardingProxy()
        defer { proxy.stop() }
        return try await body(proxy)
    }

    /// Kills the proxy (SIGKILL: a test process may pass SIGTERM on as ignored) and removes its log.
    private func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logFile)
    }

    private init() throws {
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-proxy-\(UUID().uuidString).log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, logFile.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let firstLine = String(decoding: output.fileHandleForReading.readLine(), as: UTF8.self)
        guard let port = Int(firstLine.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw WorkspaceError("the proxy did not start: '\(firstLine)'")
        }
        self.process = process
        self.port = port
    }

    private static let script = #"""
        import select, socket, socketserver, sys
        from urllib.parse import urlsplit
        log = open(sys.argv[1], "a", buffering=1)

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                client = self.request
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, rest = data.split(b"\r\n\r\n", 1)
                lines = head.split(b"\r\n")
                method, target, version = lines[0].decode().split(" ", 2)
                log.write(lines[0].decode() + "\n")
                if method == "CONNECT":
                    host, port = target.rsplit(":", 1)
                    upstream = socket.create_connection((host, int(port)))
                    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    if rest:
                        upstream.sendall(rest)
                else:
                    url = urlsplit(target)
                    upstream = socket.create_connection((url.hostname, url.port or 80))
                    path = url.path + ("?" + url.query if url.query else "")
                    lines[0] = f"{method} {path} {version}".encode()
                    upstream.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + rest)
                peers = {client: upstream, upstream: client}
                try:
                    while True:
                        ready, _, _ = select.select(list(peers), [], [], 60)
                        if not ready:
                            return
                        for sock in ready:
                            chunk = sock.recv(65536)
                            if not chunk:
                                return
                            peers[sock].sendall(chunk)
                finally:
                    upstream.close()

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}

private extension FileHandle {
    /// Bytes up to the first newline (blocking).
    func readLine() -> Data {
        var line = Data()
        while let byte = try? read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        return line
    }
}
