import Dispatch
import Foundation
import RehookModel
import RehookVendors

/// libFuzzer entry point for the vendor adapters' response handling. Input layout:
///   byte 0   vendor (÷ 1 mod 5) and call (÷ 5 mod 3: list, events, update)
///   byte 1   status (index into `FuzzInput.statuses`) and, in its top bit, a Retry-After header
///   byte 2   which Retry-After text
///   rest     the response body, answered to the first `FuzzInput.answeredRequests` requests
/// The call may fail with a `VendorError` (expected); anything else — a crash, another error
/// type, an error that does not name its vendor, account and call — is a bug.
/// Run with `scripts/fuzz/run FuzzVendorResponses SECONDS`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVendorResponses(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 3 else { return 0 }
    let input = FuzzInput(Array(UnsafeBufferPointer(start: data, count: size)))
    let done = DispatchSemaphore(value: 0)
    Task {
        await input.exercise()
        done.signal()
    }
    done.wait()
    return 0
}

/// One fuzz case. (Constants are static members: top-level code in main.swift never runs
/// under libFuzzer, which brings its own `main`.)
struct FuzzInput: Sendable {
    enum Call: CaseIterable { case list, events, update }

    static let statuses = [200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 501, 502, 503]
    static let retryAfterTexts = ["1", "0", "-5", "2.5", "Thu, 01 Jan 2026 00:01:30 GMT", "soon", "99999999999999999999", ""]
    /// Enough for paging to go on for a while (Talkover agents → webhooks, Composio cursors).
    static let answeredRequests = 4

    let vendor: VendorID
    let call: Call
    let response: HTTPResponse

    init(_ bytes: [UInt8]) {
        vendor = VendorID.allCases[Int(bytes[0]) % VendorID.allCases.count]
        call = Call.allCases[Int(bytes[0]) / VendorID.allCases.count % Call.allCases.count]
        var headers = [HTTPHeaderField("Content-Type", "application/json")]
        if bytes[1] & 0x80 != 0 {
            headers.append(HTTPHeaderField("Retry-After", Self.retryAfterTexts[Int(bytes[2]) % Self.retryAfterTexts.count]))
        }
        response = HTTPResponse(status: Self.statuses[Int(bytes[1] & 0x7F) % Self.statuses.count], headers: headers,
                                body: Data(bytes.dropFirst(3)))
    }

    func exercise() async {
        let account = Account(name: "fuzz-acct", vendor: vendor, baseURL: "http://vendor.fuzz/base")
        let adapter = VendorAdapters.make(for: account, key: APIKey("fuzz-key-0123456789"),
                                          transport: FirstAnswers(response: response, limit: Self.answeredRequests),
                                          now: { Date(timeIntervalSince1970: 1_767_225_600) })
        do {
            switch call {
            case .list: _ = try await adapter.listWebhooks()
            case .events: _ = try await adapter.eventCatalogue()
            case .update:
                let live = Webhook(vendor: vendor, account: "fuzz-acct", id: "wh_1",
                                   parentID: vendor == .talkover ? "ag_1" : nil, url: "https://old.example.com/h",
                                   events: .list(vendor == .argil ? ["AVATAR_TRAINING_SUCCESS"] : ["event.one"]),
                                   enabled: vendor == .argil ? nil : true)
                _ = try await adapter.update(live, changes: [.url: .string("https://new.example.com/h")],
                                             secrets: EnvironmentSecretResolver(environment: [:]))
            }
        } catch {
            if error.vendor != vendor || error.account != "fuzz-acct" || error.call.isEmpty {
                fatalError("a VendorError that does not name its vendor, account and call: \(error)")
            }
            if error.description.contains("fuzz-key-0123456789") { fatalError("the API key leaked into an error") }
        }
    }
}

/// Answers the first `limit` requests with `response`, then fails like a dropped connection.
final class FirstAnswers: HTTPTransport, @unchecked Sendable {
    private let response: HTTPResponse
    private let limit: Int
    private let lock = NSLock()
    private var sent = 0

    init(response: HTTPResponse, limit: Int) {
        self.response = response
        self.limit = limit
    }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let count = lock.withLock { () -> Int in
            sent += 1
            return sent
        }
        guard count <= limit else { throw HTTPTransportError(.connection, "fuzz transport: no more answers") }
        return response
    }
}
