import Foundation
import RehookVendors

/// A transport double: answers each `METHOD URL` from a queue of scripted outcomes and
/// records every request it was sent. An unscripted request is a connection failure.
actor ScriptedTransport: HTTPTransport {
    enum Outcome: Sendable {
        case response(HTTPResponse)
        case failure(HTTPTransportError)
    }

    private var script: [String: [Outcome]] = [:]
    private(set) var requests: [HTTPRequest] = []

    init() {}

    /// Queues a JSON (or any text) reply for `method url`.
    func reply(_ method: HTTPMethod, _ url: String, status: Int = 200, body: String,
               headers: [HTTPHeaderField] = []) {
        enqueue(method, url, .response(HTTPResponse(status: status, headers: headers, body: Data(body.utf8))))
    }

    /// Queues a transport failure for `method url`.
    func fail(_ method: HTTPMethod, _ url: String, _ error: HTTPTransportError) {
        enqueue(method, url, .failure(error))
    }

    private func enqueue(_ method: HTTPMethod, _ url: String, _ outcome: Outcome) {
        script["\(method.rawValue) \(url)", default: []].append(outcome)
    }

    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        requests.append(request)
        let key = "\(request.method.rawValue) \(request.url)"
        guard var queue = script[key], !queue.isEmpty else {
            throw HTTPTransportError(.connection, "no scripted response for \(key)")
        }
        let outcome = queue.removeFirst()
        script[key] = queue
        switch outcome {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }

    /// The body of the only request sent, as text.
    var lastBodyText: String? {
        requests.last?.body.map { String(decoding: $0, as: UTF8.self) }
    }
}
