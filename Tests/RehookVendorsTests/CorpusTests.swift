import Foundation
import RehookModel
import RehookVendors
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Malformed vendor answers (files in `Corpus/` and generated extremes) through every adapter:
/// each must end in one clear `VendorError` naming vendor, account and call — never a crash,
/// never a silent success, never the API key.
@Suite("Malformed vendor responses, every adapter")
struct CorpusTests {
    @Test("bodies no vendor can read are malformed responses naming the call",
          arguments: CorpusCall.sendingCalls.map { CorpusCase(vendor: $0.0, call: $0.1) })
    func unreadableBodies(_ target: CorpusCase) async throws {
        let entries = try CorpusFiles.entries(in: "any")
        #expect(entries.count >= 15)
        for entry in entries {
            let error = await target.call.failure(target.vendor, body: entry.body)
            #expect(error?.kind == .malformedResponse, "\(entry.name): \(error.map(String.init(describing:)) ?? "no error")")
            expectNamesCall(error, target.vendor, target.call, corpus: entry.name)
        }
    }

    @Test("vendor-shaped answers with wrong or missing values name the JSON path", arguments: VendorID.allCases)
    func vendorShaped(_ vendor: VendorID) async throws {
        let entries = try CorpusFiles.entries(in: vendor.rawValue)
        #expect(entries.count >= 3)
        for entry in entries {
            let prefix = entry.name.split(separator: "/").last?.split(separator: "-").first.map(String.init) ?? ""
            let call = try #require(CorpusCall(rawValue: prefix), "\(entry.name) must start with list-, events- or update-")
            let error = await call.failure(vendor, body: entry.body)
            #expect(error?.kind == .malformedResponse, "\(entry.name): \(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.message.contains("$") == true, "\(entry.name): \(error?.message ?? "")")
            expectNamesCall(error, vendor, call, corpus: entry.name)
        }
    }

    @Test("the same unreadable bodies with a 5xx are retryable server errors",
          arguments: CorpusCall.sendingCalls.map { CorpusCase(vendor: $0.0, call: $0.1) })
    func unreadableServerErrors(_ target: CorpusCase) async throws {
        for entry in try CorpusFiles.entries(in: "any") where entry.name.hasSuffix(".html") || entry.name.hasSuffix(".bin") {
            let error = await target.call.failure(target.vendor, status: 503, body: entry.body)
            #expect(error?.kind == .server(status: 503), "\(entry.name)")
            #expect(error?.isRetryable == true, "\(entry.name)")
            expectNamesCall(error, target.vendor, target.call, corpus: entry.name)
        }
    }

    @Test("deeply nested JSON is refused, not recursed into", arguments: [
        ("arrays", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
        ("objects", String(repeating: #"{"data":"#, count: 20_000) + "1" + String(repeating: "}", count: 20_000)),
        ("unclosed", String(repeating: #"{"items":["#, count: 50_000)),
    ])
    func deepNesting(shape: String, body: String) async {
        for (vendor, call) in CorpusCall.sendingCalls {
            let error = await call.failure(vendor, body: Data(body.utf8))
            #expect(error?.kind == .malformedResponse, "\(vendor) \(call) \(shape)")
            expectNamesCall(error, vendor, call, corpus: "nested \(shape)")
        }
    }

    @Test("a huge vendor message is cut short in the error, not echoed whole", arguments: VendorID.allCases)
    func hugeMessage(_ vendor: VendorID) async {
        let text = String(repeating: "a very long vendor complaint ", count: 40_000) // ~1.1 MB
        let body = #"{"code": 40000, "msg": "\#(text)", "message": "\#(text)", "error": {"message": "\#(text)"}}"#
        let error = await CorpusCall.update.failure(vendor, status: 400, body: Data(body.utf8))
        #expect(error != nil)
        #expect((error?.description.utf8.count ?? 0) < 4096, "\(vendor): \(error?.description.utf8.count ?? 0) bytes")
        expectNamesCall(error, vendor, .update, corpus: "huge message")
    }

    @Test("a long list of wrongly typed items is one malformed-response error", arguments: VendorID.allCases)
    func hugeWrongList(_ vendor: VendorID) async {
        let item = #"{"id": 1, "endpoint_id": 2, "callbackUrl": 3, "url": 4, "webhook_url": 5, "events": 6}"#
        let items = "[" + Array(repeating: item, count: 5_000).joined(separator: ",") + "]"
        let body = switch vendor {
        case .argil: items
        case .jogg: #"{"code": 0, "msg": "Success", "data": {"endpoints": \#(items)}}"#
        case .talkover: #"{"success": true, "data": \#(items), "meta": {"current_page": 1, "last_page": 1}}"#
        case .heygen: #"{"code": 100, "data": \#(items)}"#
        case .composio: #"{"items": \#(items), "next_cursor": null}"#
        default: fatalError("no list body for \(vendor)")
        }
        let error = await CorpusCall.list.failure(vendor, body: Data(body.utf8))
        #expect(error?.kind == .malformedResponse)
        #expect((error?.description.utf8.count ?? 0) < 4096)
        expectNamesCall(error, vendor, .list, corpus: "huge list")
    }

    @Test("a body larger than the transport's limit is refused by the real transport, naming the call")
    func bodyOverTransportLimit() async throws {
        // The server may still be writing when the client gives up; do not die of SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let size = AsyncHTTPClientTransport.maximumResponseBytes + 1024 * 1024
        let body = "[" + String(repeating: " ", count: size) + "]"
        let server = try LoopbackServer(response:
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        defer { server.stop() }
        let transport = AsyncHTTPClientTransport(connectTimeout: 5, readTimeout: 10)
        let error = await CorpusCall.list.failure(.heygen, body: Data(), transport: transport,
                                                  baseURL: "http://127.0.0.1:\(server.port)")
        try await transport.shutdown()
        #expect(error?.kind == .connection)
        #expect(error?.message == "response larger than \(AsyncHTTPClientTransport.maximumResponseBytes) bytes")
        expectNamesCall(error, .heygen, .list, corpus: "over the limit")
    }
}

/// One vendor and call, named in test output.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    let vendor: VendorID
    let call: CorpusCall
    var testDescription: String { "\(vendor) \(call)" }
}
