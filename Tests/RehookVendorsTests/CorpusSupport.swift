import Foundation
import RehookModel
import RehookVendors
import Testing

/// A transport double that answers every request with the same response and counts requests.
actor ConstantTransport: HTTPTransport {
    let response: HTTPResponse
    private(set) var requestCount = 0

    init(status: Int = 200, body: Data) {
        response = HTTPResponse(status: status, headers: [HTTPHeaderField("Content-Type", "application/json")], body: body)
    }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        requestCount += 1
        return response
    }
}

/// One adapter call the corpus feeds a malformed answer to, and the call an error must name.
enum CorpusCall: String, CaseIterable, Sendable {
    case list, events, update

    static let account = "corpus-acct"
    static let changes: [FieldName: FieldValue] = [.url: .string("https://hooks.example.com/corpus")]

    /// The live webhook an update starts from.
    static func liveWebhook(_ vendor: VendorID) -> Webhook {
        Webhook(vendor: vendor, account: account, id: "wh_1", parentID: vendor == .talkover ? "ag_1" : nil,
                url: "https://old.example.com/hook",
                events: .list(vendor == .argil ? ["AVATAR_TRAINING_SUCCESS"] : ["event.one"]),
                enabled: vendor == .argil ? nil : true)
    }

    /// The method and path (without query) an error of this call names, e.g. `GET /v2/endpoints`.
    func expectedCall(_ vendor: VendorID) -> String {
        switch (self, vendor) {
        case (.list, .argil): "GET /webhooks"
        case (.list, .jogg): "GET /v2/endpoints"
        case (.list, .talkover), (.events, .talkover): "GET /agents"
        case (.list, .heygen): "GET /v1/webhook/endpoint.list"
        case (.list, .composio): "GET /api/v3/webhook_subscriptions"
        case (.events, .argil): "" // Argil's catalogue is a closed set: no call
        case (.events, .jogg): "GET /v2/events"
        case (.events, .heygen): "GET /v1/webhook/webhook.list"
        case (.events, .composio): "GET /api/v3/webhook_subscriptions/event_types"
        case (.update, .argil): "PUT /webhooks/wh_1"
        case (.update, .jogg): "PUT /v2/endpoint/wh_1"
        case (.update, .talkover): "PUT /agents/ag_1/webhooks/wh_1"
        case (.update, .heygen): "PATCH /v1/webhook/endpoint.update"
        case (.update, .composio): "PATCH /api/v3/webhook_subscriptions/wh_1"
        default: fatalError("no expected call for \(vendor)")
        }
    }

    /// Every vendor and call that sends a request.
    static var sendingCalls: [(VendorID, CorpusCall)] {
        VendorID.allCases.flatMap { vendor in
            allCases.filter { !(vendor == .argil && $0 == .events) }.map { (vendor, $0) }
        }
    }

    /// Runs this call on a fresh adapter whose transport answers everything with `body`;
    /// returns the error it threw (nil and a recorded issue when it did not throw a `VendorError`).
    func failure(_ vendor: VendorID, status: Int = 200, body: Data, transport: (any HTTPTransport)? = nil,
                 baseURL: String = "http://vendor.test/base", sourceLocation: SourceLocation = #_sourceLocation)
        async -> VendorError? {
        let account = Account(name: Self.account, vendor: vendor, baseURL: baseURL)
        let adapter = VendorAdapters.make(for: account, key: APIKey("corpus-key-0123456789"),
                                          transport: transport ?? ConstantTransport(status: status, body: body))
        do {
            switch self {
            case .list: _ = try await adapter.listWebhooks()
            case .events: _ = try await adapter.eventCatalogue()
            case .update: _ = try await adapter.update(Self.liveWebhook(vendor), changes: Self.changes,
                                                       secrets: EnvironmentSecretResolver(environment: [:]))
            }
            Issue.record("\(vendor) \(self): expected a VendorError, the call succeeded", sourceLocation: sourceLocation)
        } catch {
            return error
        }
        return nil
    }
}

/// The files under `Tests/RehookVendorsTests/Corpus/`, read through `#filePath`.
enum CorpusFiles {
    struct Entry: Sendable {
        let name: String
        let body: Data
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// The files of one folder (`any` or a vendor's raw value), sorted by name.
    static func entries(in folder: String) throws -> [Entry] {
        let url = directory.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        return try names.map { Entry(name: "\(folder)/\($0)", body: try Data(contentsOf: url.appendingPathComponent($0))) }
    }
}

/// Checks that `error` is a clear failure of `call` at `vendor`: it names vendor, account and
/// call in its description, and never shows the API key.
func expectNamesCall(_ error: VendorError?, _ vendor: VendorID, _ call: CorpusCall, corpus: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error else { return }
    let expected = call.expectedCall(vendor)
    #expect(error.vendor == vendor, "\(corpus)", sourceLocation: sourceLocation)
    #expect(error.account == CorpusCall.account, "\(corpus)", sourceLocation: sourceLocation)
    #expect(error.call.hasPrefix(expected), "\(corpus): call \(error.call), expected \(expected)",
            sourceLocation: sourceLocation)
    #expect(error.description.hasPrefix("\(vendor.displayName) account '\(CorpusCall.account)': \(error.call) failed: "),
            "\(corpus): \(error.description.prefix(200))", sourceLocation: sourceLocation)
    #expect(!error.description.contains("corpus-key-0123456789"), "\(corpus)", sourceLocation: sourceLocation)
}
