import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("Keys and secrets stay out of output")
struct SecretsTests {
    @Test("APIKey prints, debug-prints and dumps as <redacted>")
    func apiKeyRedacts() {
        let key = APIKey("sk-very-secret")
        var dumped = ""
        dump(key, to: &dumped)
        var dumpedAccount = ""
        dump(["k": key], to: &dumpedAccount)
        for text in [key.description, key.debugDescription, "\(key)", String(reflecting: key), dumped, dumpedAccount] {
            #expect(!text.contains("sk-very-secret"), "leaked in: \(text)")
            #expect(text.contains("<redacted>"))
        }
    }

    @Test("a request prints and dumps without its key or body")
    func requestRedacts() {
        let request = HTTPRequest(method: .put, url: "https://x/y",
                                  headers: [HTTPHeaderField("Authorization", "Bearer sk-1"), HTTPHeaderField("Accept", "application/json")],
                                  body: Data(#"{"webhook_secret":"hush"}"#.utf8))
        #expect(request.description == "PUT https://x/y")
        var dumped = ""
        dump(request, to: &dumped)
        #expect(!dumped.contains("sk-1"))
        #expect(!dumped.contains("hush"))
        #expect(dumped.contains("Authorization: <redacted>"))
        #expect(dumped.contains("Accept: application/json"))
        #expect(dumped.contains("25 bytes"))
    }

    @Test("every registered vendor's auth header is redacted", arguments: VendorRegistry.descriptors.map(\.authorization))
    func vendorAuthHeadersRedacted(header: AuthorizationHeader) {
        let field = HTTPHeaderField(header.name, header.value(for: "sk-secret"))
        #expect(field.description == "\(header.name): <redacted>")
    }

    @Test("secret references resolve from the environment and files, failing clearly")
    func resolver() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("secret")
        try Data("from-file\n".utf8).write(to: file)
        let resolver = EnvironmentSecretResolver(environment: ["S": "value", "EMPTY": ""])
        #expect(try resolver.resolve(.environment("S")) == "value")
        #expect(try resolver.resolve(.file(file.path)) == "from-file")
        #expect(throws: SecretResolutionError("environment variable EMPTY is empty")) {
            try resolver.resolve(.environment("EMPTY"))
        }
        #expect(throws: SecretResolutionError("environment variable NONE is not set")) {
            try resolver.resolve(.environment("NONE"))
        }
    }

    @Test("no response secret reaches the decoded webhook, its JSON or its fingerprint input", arguments: [
        (VendorID.jogg, ResponseDecodingTests.listURL(.jogg), JoggFixtures.list, "whsec_"),
        (.heygen, ResponseDecodingTests.listURL(.heygen), HeyGenFixtures.listArray, "esec_"),
        (.composio, ResponseDecodingTests.listURL(.composio), ComposioFixtures.page(["ws_1"], next: nil), "whsec"),
    ])
    func responseSecretsDropped(vendor: VendorID, url: String, body: String, marker: String) async throws {
        let harness = AdapterHarness(vendor)
        await harness.transport.reply(.get, url, body: body)
        let webhooks = try await harness.adapter.listWebhooks()
        #expect(!webhooks.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(webhooks), as: UTF8.self)
        #expect(!json.contains(marker))
        #expect(!String(describing: webhooks).contains(marker))
        #expect(webhooks.allSatisfy { $0[.secret] == nil })
    }
}
