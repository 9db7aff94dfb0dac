import Foundation

/// A failed vendor call, classified so that the execution engine can decide whether to
/// retry, and described in one line that names vendor, account, call and the vendor's words.
public struct VendorError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// 429, or Jogg's body code 429. `retryAfter` in seconds when the vendor said.
        case rateLimited(retryAfter: Double?)
        /// 5xx (the HTTP status, or Jogg's 50000 as 500).
        case server(status: Int)
        /// Reset or dropped after connecting; no usable response (the request may have arrived).
        case connection
        /// The host could not be reached at all: connection refused, unknown host, TLS
        /// handshake failure, no answer to the connect (the request never left).
        case unreachable
        /// Not sent, or abandoned in flight, because the command was interrupted (Ctrl-C).
        case interrupted
        /// No response in time.
        case timeout
        /// Missing or wrong API key (401/403, Jogg 10105).
        case unauthorized
        /// The webhook (or its parent) does not exist (404, Jogg 10104, HeyGen 400131).
        case notFound
        /// The vendor rejected the request (400/422, Jogg 40000, ...).
        case rejected(status: Int)
        /// The response could not be read (HTML page, truncated JSON, wrong types).
        case malformedResponse
        /// rehook could not build the request (missing secret, invalid local value).
        case invalidRequest
    }

    public var kind: Kind
    public var vendor: VendorID
    public var account: String
    /// The call, e.g. `PUT /v2/endpoint/wh_1`.
    public var call: String
    /// The vendor's own message, with field errors and suggested fixes folded in.
    public var message: String

    public init(_ kind: Kind, vendor: VendorID, account: String, call: String, message: String) {
        self.kind = kind
        self.vendor = vendor
        self.account = account
        self.call = call
        self.message = message
    }

    /// Worth another attempt: 429, 5xx except 501, dropped connections and timeouts.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .connection, .unreachable, .timeout: true
        case .server(let status): status != 501
        default: false
        }
    }

    public var retryAfter: Double? {
        if case .rateLimited(let seconds) = kind { return seconds }
        return nil
    }

    public var description: String {
        "\(vendor.displayName) account '\(account)': \(call) failed: \(message)"
    }
}
