import Foundation
import RehookModel
import RehookVendors
import Testing

/// Failure handling every adapter shares, exercised through each vendor's LIST call.
@Suite("Response and error decoding, all vendors")
struct ResponseDecodingTests {
    /// The first LIST call of each vendor, below the base URL.
    static func listURL(_ vendor: VendorID) -> String {
        let path = switch vendor {
        case .argil: "/webhooks"
        case .jogg: "/v2/endpoints"
        case .talkover: "/agents?page=1&per_page=100"
        case .heygen: "/v1/webhook/endpoint.list"
        case .composio: "/api/v3/webhook_subscriptions?limit=100"
        default: fatalError("no list URL for \(vendor)")
        }
        return AdapterHarness.base + path
    }

    private func listError(_ vendor: VendorID, status: Int, body: String,
                           headers: [HTTPHeaderField] = []) async -> VendorError? {
        let harness = AdapterHarness(vendor)
        await harness.transport.reply(.get, Self.listURL(vendor), status: status, body: body, headers: headers)
        return await harness.expectError { _ = try await harness.adapter.listWebhooks() }
    }

    @Test("an HTML error page is a server error that says so", arguments: VendorID.allCases)
    func htmlServerError(vendor: VendorID) async {
        let error = await listError(vendor, status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>")
        #expect(error?.kind == .server(status: 502))
        #expect(error?.message == "HTTP 502 with an HTML page instead of JSON")
        #expect(error?.isRetryable == true)
    }

    @Test("an HTML page with 200 is a malformed response", arguments: VendorID.allCases)
    func htmlSuccess(vendor: VendorID) async {
        let error = await listError(vendor, status: 200, body: "<!DOCTYPE html><html>login</html>")
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message == "HTTP 200 with an HTML page instead of JSON")
    }

    @Test("truncated JSON is a malformed response", arguments: VendorID.allCases)
    func truncated(vendor: VendorID) async {
        let body = #"{"code": 0, "data": {"endpoints": [{"endpoint_id": "wh_1", "url": "https://"#
        let error = await listError(vendor, status: 200, body: body)
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message == "HTTP 200 with a body that is not valid JSON (\(body.utf8.count) bytes, truncated or corrupt)")
    }

    @Test("wrongly typed fields name the path and both types", arguments: [
        (VendorID.argil, #"{"webhooks": []}"#, "expected array at $, got object"),
        (.argil, #"[{"id": 7, "callbackUrl": "https://x", "events": []}]"#, "expected string at $[0].id, got number"),
        (.jogg, #"{"code": 0, "data": {"endpoints": "none"}}"#, "expected array at $.data.endpoints, got string"),
        (.jogg, #"{"code": 0, "data": null}"#, "expected array at $.data.endpoints, got nothing"),
        (.talkover, #"{"success": true, "data": [], "meta": {"current_page": "1", "last_page": 1}}"#,
         "expected integer at $.meta.current_page, got string"),
        (.heygen, #"{"code": 100, "data": [{"endpoint_id": "e", "url": "https://x", "events": "all"}]}"#,
         "expected array at $.data[0].events, got string"),
        (.composio, #"{"items": [{"id": "w", "webhook_url": "https://x", "version": "V1", "enabled_events": [1]}], "next_cursor": null}"#,
         "expected string at $.items[0].enabled_events[0], got number"),
        (.composio, #"{"items": [], "next_cursor": 5}"#, "expected string at $.next_cursor, got number"),
    ])
    func wrongTypes(vendor: VendorID, body: String, message: String) async {
        let error = await listError(vendor, status: 200, body: body)
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message == message)
    }

    @Test("429 with Retry-After in seconds", arguments: VendorID.allCases)
    func retryAfterSeconds(vendor: VendorID) async {
        let error = await listError(vendor, status: 429, body: "{}", headers: [HTTPHeaderField("retry-after", "12")])
        #expect(error?.kind == .rateLimited(retryAfter: 12))
    }

    @Test("429 with Retry-After as an HTTP date, measured from the injected clock", arguments: VendorID.allCases)
    func retryAfterDate(vendor: VendorID) async {
        // The harness clock is 2026-01-01T00:00:00Z.
        let error = await listError(vendor, status: 429, body: "",
                                    headers: [HTTPHeaderField("Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT")])
        #expect(error?.kind == .rateLimited(retryAfter: 90))
        #expect(error?.message.hasPrefix("HTTP 429") == true)
    }

    @Test("429 with an unreadable Retry-After has no delay")
    func retryAfterGarbage() async {
        let error = await listError(.argil, status: 429, body: "", headers: [HTTPHeaderField("Retry-After", "soon")])
        #expect(error?.kind == .rateLimited(retryAfter: nil))
    }

    @Test("5xx is a server error, 501 is not retryable")
    func serverErrors() async {
        let unavailable = await listError(.composio, status: 503, body: #"{"error": {"message": "Down for maintenance"}}"#)
        #expect(unavailable?.kind == .server(status: 503))
        #expect(unavailable?.message == "HTTP 503: Down for maintenance")
        let notImplemented = await listError(.argil, status: 501, body: "")
        #expect(notImplemented?.isRetryable == false)
        #expect(notImplemented?.message == "HTTP 501 with an empty body, expected JSON")
    }

    @Test("dropped connections and timeouts keep their kind", arguments: [
        (HTTPTransportError(.connection, "connection reset by peer"), VendorError.Kind.connection),
        (HTTPTransportError(.timeout, "read timed out"), .timeout),
    ])
    func transportFailures(failure: HTTPTransportError, kind: VendorError.Kind) async {
        let harness = AdapterHarness(.heygen)
        await harness.transport.fail(.get, Self.listURL(.heygen), failure)
        let error = await harness.expectError { _ = try await harness.adapter.listWebhooks() }
        #expect(error?.kind == kind)
        #expect(error?.description == "HeyGen account 'acct': GET /v1/webhook/endpoint.list failed: \(failure.detail)")
    }

    @Test("a wrong key is a clear unauthorized error that never shows the key", arguments: VendorID.allCases)
    func wrongKey(vendor: VendorID) async {
        let error = await listError(vendor, status: 401,
                                    body: #"{"message": "Invalid key test-key-0123456789", "msg": "Invalid key test-key-0123456789"}"#)
        #expect(error?.kind == .unauthorized)
        #expect(error?.message.contains("the API key from environment variable \(vendor.defaultKeyVariable) was refused") == true)
        #expect(error?.message.contains("<redacted>") == true)
        #expect(error.map { !String(describing: $0).contains("test-key-0123456789") } == true)
    }
}
