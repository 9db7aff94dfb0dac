import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RehookModel
import Testing
@testable import RehookSandbox

/// A response as a test sees it.
struct WireResponse {
    var status: Int
    var headers: HTTPHeaders
    var json: JSONValue

    subscript(key: String) -> JSONValue? { json.objectValue?[key] }
}

/// A sandbox started for one test, and a way to talk to it over loopback HTTP.
struct SandboxHarness {
    let sandbox: RunningSandbox

    /// Starts a sandbox, runs `body`, and shuts the sandbox down whatever happens.
    static func with<T>(_ options: SandboxOptions, _ body: (SandboxHarness) async throws -> T) async throws -> T {
        let sandbox = try await Sandbox.start(options)
        do {
            let result = try await body(SandboxHarness(sandbox: sandbox))
            await sandbox.shutdown()
            return result
        } catch {
            await sandbox.shutdown()
            throw error
        }
    }

    /// A small generated fleet: `accounts` per vendor, `webhooks` each.
    static func with<T>(accounts: Int = 1, webhooks: Int = 3, _ body: (SandboxHarness) async throws -> T) async throws -> T {
        let fleet = SandboxFleet(accountsPerVendor: accounts, webhooksPerAccount: webhooks...webhooks, seed: 7)
        return try await with(SandboxOptions(seed: .fleet(fleet)), body)
    }

    /// The key of the first account of `vendor`.
    func key(_ vendor: VendorID) -> String {
        sandbox.accounts.first { $0.vendor == vendor }?.key ?? "missing-account"
    }

    /// The first account of `vendor` as stored.
    func account(_ vendor: VendorID) async throws -> SandboxAccount {
        let name = sandbox.accounts.first { $0.vendor == vendor }?.name ?? ""
        return try #require(await sandbox.state.account(vendor: vendor, name: name))
    }

    /// Sends a request to `path` under the vendor's base URL, with the vendor's auth header
    /// carrying `key` (`nil` sends none).
    func send(_ vendor: VendorID, _ method: HTTPMethod, _ path: String, key: String?,
              body: JSONValue? = nil, rawBody: String? = nil) async throws -> WireResponse {
        var request = HTTPClientRequest(url: sandbox.baseURL(for: vendor) + path)
        request.method = method
        if let key {
            if vendor == .talkover {
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
            } else {
                request.headers.add(name: "x-api-key", value: key)
            }
        }
        if let text = rawBody ?? body.map({ String(decoding: $0.encoded(), as: UTF8.self) }) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: text))
        }
        return try await execute(request)
    }

    /// Sends with the first account's key.
    func send(_ vendor: VendorID, _ method: HTTPMethod, _ path: String, body: JSONValue? = nil,
              rawBody: String? = nil) async throws -> WireResponse {
        try await send(vendor, method, path, key: key(vendor), body: body, rawBody: rawBody)
    }

    /// A request to the admin endpoints.
    func admin(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> WireResponse {
        var request = HTTPClientRequest(url: sandbox.rootURL + "/_sandbox/" + path)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        return try await execute(request)
    }

    func rawAdmin(_ path: String) async throws -> Data {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: sandbox.rootURL + "/_sandbox/" + path),
                                                           timeout: .seconds(30))
        return Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> WireResponse {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = JSONValue.parse(Array(bytes.readableBytesView)) ?? .null
        return WireResponse(status: Int(response.status.code), headers: response.headers, json: json)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectValue?[key] }
    subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
