import Foundation
import RehookModel

/// Everything one adapter needs to talk to one account: where, with which key, through which
/// transport, and how the vendor words its errors. Turns every failure into one `VendorError`.
struct VendorConnection: Sendable {
    let account: Account
    let key: APIKey
    let transport: any HTTPTransport
    /// Paces and retries every call of the account.
    let pipeline: AccountPipeline
    let dialect: ErrorDialect
    /// The clock used to turn a `Retry-After` date into seconds.
    let now: @Sendable () -> Date

    var vendor: VendorID { account.vendor }

    /// Sends one call and returns the parsed body of a successful response.
    /// - Parameters:
    ///   - path: Path below the base URL, already percent-encoded (`/webhooks/abc`).
    ///   - query: Query items, encoded here.
    ///   - extraSecrets: Values that must never appear in an error message (a secret being sent).
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
              extraSecrets: [String] = []) async throws(VendorError) -> JSONNode {
        let target = path + Self.queryString(query)
        let call = "\(method.rawValue) \(target)"
        let secrets = [key.value] + extraSecrets
        var headers = [HTTPHeaderField("Accept", "application/json"), authorizationHeader]
        if body != nil { headers.append(HTTPHeaderField("Content-Type", "application/json")) }
        let request = HTTPRequest(method: method, url: Self.trimmedBase(account.baseURL) + target,
                                  headers: headers, body: body?.serialized)
        return try await pipeline.perform(method == .get ? .read : .write, call: call) { () async throws(VendorError) in
            try await exchange(request, call: call, secrets: secrets)
        }
    }

    /// One attempt: the request, and its response read as the vendor's success or failure.
    private func exchange(_ request: HTTPRequest, call: String, secrets: [String]) async throws(VendorError) -> JSONNode {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
            AttemptStatus.record(response.status)
        } catch {
            switch error.kind {
            case .timeout: throw failure(.timeout, call, error.detail, secrets)
            case .connection: throw failure(.connection, call, error.detail, secrets)
            case .unreachable:
                throw failure(.unreachable, call, "cannot connect to \(URLCredentials.masked(account.baseURL)): \(error.detail)",
                              secrets)
            }
        }
        return try interpret(response, call: call, secrets: secrets)
    }

    /// Longest message kept from a vendor: errors are printed and journalled, and a vendor may
    /// answer with a megabyte of text.
    static let maximumMessageLength = 1000

    /// Builds a `VendorError` for this account, with every known secret scrubbed from the message
    /// (before it is cut to `maximumMessageLength` characters, so no part of a secret survives).
    func failure(_ kind: VendorError.Kind, _ call: String, _ message: String, _ secrets: [String] = []) -> VendorError {
        var text = message
        for secret in secrets + [key.value] where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        if text.count > Self.maximumMessageLength {
            text = text.prefix(Self.maximumMessageLength) + "… (\(text.count - Self.maximumMessageLength) more characters)"
        }
        return VendorError(kind, vendor: vendor, account: account.name, call: call, message: text)
    }

    /// Runs a decoding step, turning a shape error into `.malformedResponse` naming the call.
    func decoding<T>(_ call: String, _ step: () throws(JSONShapeError) -> T) throws(VendorError) -> T {
        do {
            return try step()
        } catch {
            throw failure(.malformedResponse, call, error.message)
        }
    }

    /// The key, sent the way the vendor's descriptor says.
    private var authorizationHeader: HTTPHeaderField {
        let header = vendor.descriptor.authorization
        return HTTPHeaderField(header.name, header.value(for: key.value))
    }

    private func interpret(_ response: HTTPResponse, call: String, secrets: [String]) throws(VendorError) -> JSONNode {
        let parsed = JSONValue.parse(response.body)
        let body = JSONNode(parsed)
        let success = (200..<300).contains(response.status)
        if response.status == 429 {
            throw failure(.rateLimited(retryAfter: retryAfter(response)), call,
                          vendorMessage(body) ?? "HTTP 429 Too Many Requests", secrets)
        }
        if parsed != nil, var stated = dialect.bodyFailure(body, response.status) {
            if case .rateLimited = stated.kind { stated.kind = .rateLimited(retryAfter: retryAfter(response)) }
            if stated.kind == .unauthorized { stated.message += keyHint }
            throw failure(stated.kind, call, stated.message, secrets)
        }
        if !success {
            let kind = Self.kind(forStatus: response.status)
            var message = "HTTP \(response.status)" + (vendorMessage(body).map { ": " + $0 } ?? describeUnreadable(response))
            if kind == .unauthorized { message += keyHint }
            throw failure(kind, call, message, secrets)
        }
        guard parsed != nil else {
            throw failure(.malformedResponse, call, "HTTP \(response.status)" + describeUnreadable(response), secrets)
        }
        return body
    }

    private func vendorMessage(_ body: JSONNode) -> String? {
        body.value == nil ? nil : dialect.message(body)
    }

    private var keyHint: String { " (the API key from \(account.keySource) was refused)" }

    private func retryAfter(_ response: HTTPResponse) -> Double? {
        response.header("Retry-After").flatMap { RetryAfter.seconds(from: $0, now: now()) }
    }

    /// Words for a body that is not usable JSON: an HTML page, nothing, or broken JSON.
    private func describeUnreadable(_ response: HTTPResponse) -> String {
        let head = String(decoding: response.body.prefix(512), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if response.body.isEmpty { return " with an empty body, expected JSON" }
        if head.hasPrefix("<") { return " with an HTML page instead of JSON" }
        if JSONValue.parse(response.body) == nil {
            return " with a body that is not valid JSON (\(response.body.count) bytes, truncated or corrupt)"
        }
        return " with a JSON body that names no error"
    }

    /// The generic classification of a failing HTTP status.
    static func kind(forStatus status: Int) -> VendorError.Kind {
        switch status {
        case 401, 403: .unauthorized
        case 404: .notFound
        case 429: .rateLimited(retryAfter: nil)
        case 500...599: .server(status: status)
        default: .rejected(status: status)
        }
    }

    static func trimmedBase(_ base: String) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }

    static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes one path segment or query component: the RFC 3986 unreserved set
    /// (ASCII letters, digits, `-._~`) kept, every other UTF-8 byte as `%XX` (upper-case hex),
    /// as `addingPercentEncoding` does (`PercentEncodingTests`). By bytes: building the
    /// `CharacterSet` per call was 3 % of an apply's CPU.
    static func escape(_ component: String) -> String {
        let utf8 = component.utf8
        guard utf8.contains(where: { !isUnreserved($0) }) else { return component }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(upperHexDigits[Int(byte >> 4)])
                bytes.append(upperHexDigits[Int(byte & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
