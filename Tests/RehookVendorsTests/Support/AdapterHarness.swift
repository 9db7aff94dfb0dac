import Foundation
import RehookModel
import RehookVendors
import Testing

/// One adapter wired to a fresh scripted transport, for a test's exclusive use.
struct AdapterHarness {
    static let key = APIKey("test-key-0123456789")
    static let base = "http://vendor.test/base"
    /// A fixed clock: 2026-01-01T00:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    let transport = ScriptedTransport()
    let adapter: any VendorAdapter

    init(_ vendor: VendorID, account: String = "acct") {
        let account = Account(name: account, vendor: vendor, baseURL: Self.base + "/")
        adapter = VendorAdapters.make(for: account, key: Self.key, transport: transport, now: { Self.now })
    }

    /// The only request sent; fails the test when there is not exactly one.
    func onlyRequest(sourceLocation: SourceLocation = #_sourceLocation) async throws -> HTTPRequest {
        let requests = await transport.requests
        try #require(requests.count == 1, "expected one request, got \(requests.map(\.description))",
                     sourceLocation: sourceLocation)
        return try #require(requests.first)
    }

    /// Runs `body` expecting a `VendorError`, and returns it.
    func expectError(sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () async throws -> Void) async -> VendorError? {
        do {
            try await body()
            Issue.record("expected a VendorError", sourceLocation: sourceLocation)
        } catch let error as VendorError {
            return error
        } catch {
            Issue.record("expected a VendorError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}

/// Resolves secrets from a fixed dictionary of environment variables.
struct FixedSecrets: SecretResolving {
    var values: [String: String] = [:]

    func resolve(_ reference: SecretReference) throws(SecretResolutionError) -> String {
        try EnvironmentSecretResolver(environment: values).resolve(reference)
    }
}

/// Text of a request body.
func bodyText(_ request: HTTPRequest) -> String {
    request.body.map { String(decoding: $0, as: UTF8.self) } ?? ""
}
