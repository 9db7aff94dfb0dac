// The HTTP client's own ceiling for scripts/bench/apply: the JoggAI PUTs of requests.tsv
// (path, key, body per line) sent through rehook's AsyncHTTPClientTransport with N requests
// in flight, nothing else — no plan, journal or verification. Prints requests/s.
//
//   REHOOK_BENCH=1 swift build -c release --product BenchTransport
//   BenchTransport ROOT_URL requests.tsv CONCURRENCY ROUNDS
import Foundation
import RehookVendors

let arguments = CommandLine.arguments
guard arguments.count == 5, let concurrency = Int(arguments[3]), let rounds = Int(arguments[4]),
      concurrency > 0, rounds > 0 else {
    FileHandle.standardError.write(Data("usage: BenchTransport ROOT_URL requests.tsv CONCURRENCY ROUNDS\n".utf8))
    exit(64)
}
let root = arguments[1]
let lines = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n")
let requests = lines.map { line -> HTTPRequest in
    let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
    return HTTPRequest(method: .put, url: root + parts[0],
                       headers: [HTTPHeaderField("x-api-key", parts[1]), HTTPHeaderField("Content-Type", "application/json")],
                       body: Data(parts[2].utf8))
}
let total = requests.count * rounds
let transport = AsyncHTTPClientTransport(connectionsPerHost: concurrency)
let next = Counter()
let started = ContinuousClock.now
let failures = await withTaskGroup(of: Int.self) { group in
    for _ in 0..<concurrency {
        group.addTask {
            var failed = 0
            while let index = await next.take(below: total) {
                do {
                    let response = try await transport.send(requests[index % requests.count])
                    if response.status != 200 { failed += 1 }
                } catch {
                    failed += 1
                }
            }
            return failed
        }
    }
    var failed = 0
    for await count in group { failed += count }
    return failed
}
let elapsed = ContinuousClock.now - started
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
try await transport.shutdown()
print(String(format: "%d requests, %d failed, %.3f s, %.1f requests/s", total, failures, seconds, Double(total) / seconds))

actor Counter {
    private var value = 0
    func take(below limit: Int) -> Int? {
        guard value < limit else { return nil }
        defer { value += 1 }
        return value
    }
}
