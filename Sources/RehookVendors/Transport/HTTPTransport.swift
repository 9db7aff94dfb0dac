import Foundation
import RehookModel

/// An HTTP method rehook uses.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET", put = "PUT", patch = "PATCH", post = "POST"
}

/// One header line. Credential headers (`Authorization`, `x-api-key`) print their value as
/// `<redacted>`.
public struct HTTPHeaderField: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String {
        credentialHeaderNames.contains(name.lowercased()) ? "\(name): <redacted>" : "\(name): \(value)"
    }

    public var customMirror: Mirror { Mirror(self, unlabeledChildren: [description], displayStyle: .struct) }
}

/// Header names whose values are credentials and never printed: the usual ones, and every
/// registered vendor's own (a sixth vendor's header is redacted without touching this file).
let credentialHeaderNames: Set<String> = Set(["authorization", "x-api-key", "x-user-api-key"]
    + VendorRegistry.descriptors.map { $0.authorization.name.lowercased() })

/// A request as a vendor adapter builds it: method, absolute URL, headers and body bytes.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [HTTPHeaderField]
    public var body: Data?

    public init(method: HTTPMethod, url: String, headers: [HTTPHeaderField] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Method and URL only: headers carry the API key and bodies may carry webhook secrets.
    public var description: String { "\(method.rawValue) \(url)" }

    /// For `dump`: credential headers redacted, the body only counted.
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method.rawValue, "url": url, "headers": headers,
                                "body": body.map { "\($0.count) bytes" } ?? "none"], displayStyle: .struct)
    }
}

/// A response as the transport received it.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPHeaderField]
    public var body: Data

    public init(status: Int, headers: [HTTPHeaderField] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why no usable response arrived.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Reset or dropped after connecting, unusable URL: the request may have arrived.
        case connection
        /// Refused, unknown host, TLS handshake failure, connect timeout: the request never left.
        case unreachable
        /// Connect or read timeout.
        case timeout
    }

    public var kind: Kind
    /// What went wrong, in words (never includes headers or bodies).
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}

/// Sends one HTTP request. The production implementation is `AsyncHTTPClientTransport`;
/// tests use a double that answers from fixtures.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse
}
