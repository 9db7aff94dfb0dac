import Foundation
import Hummingbird
import RehookModel

/// The sandbox's own endpoints under `/_sandbox` (no authentication; loopback only):
/// `GET stats`, `GET requests` (every request with its time, oldest first), `GET state` (full export, secrets included), `PUT state` (import),
/// `GET accounts`, and `PATCH webhooks/{vendor}/{account}/{id}` to change a webhook behind
/// the client's back.
enum AdminRoutes {
    static func register(on router: Router<SandboxRequestContext>, state: SandboxState,
                         stats: SandboxStatsRecorder, writeRejections: WriteRejections) {
        let group = router.group("_sandbox")
        // `PUT faults/writes?vendor=argil&after=1&status=503`: refuse the vendor's writes after the
        // first `after`; `DELETE faults/writes?vendor=argil` clears it.
        group.put("faults/writes") { request, _ in
            let query = request.uri.queryParameters
            guard let vendor = query.get("vendor").flatMap(VendorID.init(rawValue:)),
                  let after = query.get("after", as: Int.self), after >= 0 else {
                return problem(.badRequest, "expected vendor=NAME&after=N (and status=S, 503 by default)")
            }
            let status = query.get("status", as: Int.self) ?? 503
            guard (400...599).contains(status) else { return problem(.badRequest, "status must be 400...599") }
            await writeRejections.reject(vendor, afterFirst: after, status: status)
            return Response(status: .noContent)
        }
        group.delete("faults/writes") { request, _ in
            guard let vendor = request.uri.queryParameters.get("vendor").flatMap(VendorID.init(rawValue:)) else {
                return problem(.badRequest, "expected vendor=NAME")
            }
            await writeRejections.clear(vendor)
            return Response(status: .noContent)
        }
        group.get("stats") { _, _ in
            json(.ok, encoded(await stats.snapshot()))
        }
        group.get("requests") { _, _ in
            json(.ok, encoded(await stats.requests()))
        }
        group.get("state") { _, _ in
            json(.ok, await state.export().encodedJSON())
        }
        group.put("state") { request, _ in
            let body = try await request.body.collect(upTo: 64 << 20)
            do {
                let fixture = try SandboxFixture.decode(Data(body.readableBytesView), source: "request body")
                try await state.replace(with: fixture)
                return json(.ok, encoded(["accounts": fixture.accounts.count]))
            } catch let error as SandboxError {
                return problem(.badRequest, error.description)
            }
        }
        group.get("accounts") { _, _ in
            json(.ok, encoded(await state.accountInfos()))
        }
        group.patch("webhooks/{vendor}/{account}/{id}") { request, context in
            guard let vendor = context.parameters.get("vendor").flatMap(VendorID.init(rawValue:)),
                  let account = context.parameters.get("account"), let id = context.parameters.get("id") else {
                return problem(.notFound, "unknown vendor")
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let object = JSONValue.parse(Array(body.readableBytesView))?.objectValue else {
                return problem(.badRequest, "the body must be a JSON object of webhook fields")
            }
            do {
                let webhook = try await state.modifyWebhook(vendor: vendor, account: account, id: id, patch(from: object))
                return json(.ok, encoded(webhook))
            } catch let error as SandboxError {
                return problem(.notFound, error.description)
            }
        }
    }

    /// Reads any of the stored fields, under their fixture names; no vendor rules apply.
    static func patch(from object: [String: JSONValue]) -> SandboxWebhookPatch {
        var patch = SandboxWebhookPatch()
        patch.url = object["url"]?.stringValue
        switch object["events"] {
        case .null?: patch.events = .all
        case let value?: patch.events = value.stringArrayValue.map(SandboxWebhookPatch.Events.list)
        case nil: break
        }
        patch.enabled = object["enabled"]?.boolValue
        patch.secret = object["secret"]?.stringValue
        patch.name = object["name"]?.stringValue
        patch.timeout = object["timeout"]?.intValue
        patch.maxRetries = object["max_retries"]?.intValue
        patch.httpMethod = object["http_method"]?.stringValue
        patch.authorizationScheme = object["authorization_scheme"]?.stringValue
        patch.customHeaders = object["custom_headers"]?.arrayValue?.compactMap { item in
            guard let key = item.objectValue?["key"]?.stringValue,
                  let value = item.objectValue?["value"]?.stringValue else { return nil }
            return SandboxHeader(key: key, value: value)
        }
        patch.payloadTemplates = object["payload_templates"]
        patch.version = object["version"]?.stringValue
        return patch
    }

    private static func encoded(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    private static func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(status, encoded(["error": message]))
    }
}
