import Foundation
import HTTPTypes
import Hummingbird
import RehookModel

/// What the receiver answers on a path.
public enum DestinationAnswer: Sendable, Hashable {
    /// This HTTP status at once.
    case status(Int)
    /// This status after a delay (a slow destination).
    case slow(status: Int, milliseconds: Int)

    var status: Int {
        switch self {
        case .status(let status), .slow(let status, _): status
        }
    }
}

/// One request the receiver got.
public struct DestinationRequest: Sendable, Hashable {
    public var method: String
    /// The `Host` header: the destination host a probe stood in for.
    public var host: String
    public var path: String
}

/// The sandbox playing the webhook destinations: a loopback HTTP server that answers for every
/// host a plan names (probes are routed to it with `ProbeRouting.receiver`), on any path and
/// method, 200 unless a test (`setAnswer`) or a demo (`PUT /_receiver/answer?path=&status=`)
/// set another answer for the path. It records every request, so a test can check that probes
/// never POST.
public actor DestinationReceiver {
    private var answers: [String: DestinationAnswer] = [:]
    private var received: [DestinationRequest] = []

    init() {}

    /// Answers `answer` on `path` (e.g. `/hooks/heygen`) from now on.
    public func setAnswer(_ answer: DestinationAnswer, forPath path: String) {
        answers[path] = answer
    }

    /// Every request so far, oldest first.
    public func requests() -> [DestinationRequest] { received }

    func answer(_ request: DestinationRequest) -> DestinationAnswer {
        received.append(request)
        return answers[request.path] ?? .status(200)
    }

    /// A router answering every path and method from `receiver`.
    static func router(_ receiver: DestinationReceiver) -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        // For a demo from a shell: `curl -X PUT '…/_receiver/answer?path=/gone&status=404'`
        // (`&delay_ms=2500` for a slow one).
        router.put("_receiver/answer") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard let path = query.get("path"), path.hasPrefix("/"), let status = query.get("status", as: Int.self),
                  (100...599).contains(status) else { return Response(status: .badRequest) }
            let delay = query.get("delay_ms", as: Int.self) ?? 0
            await receiver.setAnswer(delay > 0 ? .slow(status: status, milliseconds: delay) : .status(status), forPath: path)
            return Response(status: .noContent)
        }
        let methods: [HTTPRequest.Method] = [.head, .options, .get, .post, .put, .patch, .delete]
        for method in methods {
            for path: RouterPath in ["/", "**"] {
                router.on(path, method: method) { request, _ -> Response in
                    let seen = DestinationRequest(method: request.method.rawValue,
                                                  host: request.head.authority ?? "",
                                                  path: request.uri.path)
                    let answer = await receiver.answer(seen)
                    if case .slow(_, let milliseconds) = answer { try await Task.sleep(for: .milliseconds(milliseconds)) }
                    return Response(status: HTTPResponse.Status(code: answer.status))
                }
            }
        }
        return router
    }
}
