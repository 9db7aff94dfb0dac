import Foundation
import RehookModel
import RehookSandbox
import Testing

/// A vendor's documented value rules are known before anything is sent: a literal breaking one
/// fails `check`, a computed value breaking one fails `plan`.
@Suite struct VendorRuleTests {
    @Test(arguments: ["https://10.0.0.5/h", "https://localhost/h", "https://127.0.0.1:8443/h", "https://[::1]/h",
                      "https://169.254.169.254/latest"])
    func heygenPrivateAddressIsACheckError(url: String) async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            try workspace.write("for vendor heygen set url \"\(url)\"\n", to: "private.rehook")
            let result = try await workspace.rehook(["check", "private.rehook"])
            #expect(result.status == 65, "\(result.allOutput)")
            #expect(result.stderr.contains("private.rehook:1:"), "\(result.stderr)")
            #expect(result.stderr.contains("HeyGen requires a public https URL; this one points at"), "\(result.stderr)")
        }
    }

    @Test func otherVendorsAndPublicHostsPassCheck() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            try workspace.write("""
                for vendor heygen set url "https://hooks.acme.dev/h"
                for vendor jogg set url "https://10.0.0.5/j"

                """, to: "fine.rehook")
            let result = try await workspace.rehook(["check", "fine.rehook"])
            #expect(result.status == 0, "\(result.allOutput)")
        }
    }

    @Test func computedPrivateURLIsAPlanErrorAndNothingIsPlanned() async throws {
        let fixture = Workspace.fleet([.heygen], accounts: 1, webhooks: 2...2)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write("for vendor heygen set url with_host(url, \"192.168.1.20\")\n", to: "computed.rehook")
            let result = try await workspace.rehook(["plan", "computed.rehook", "--out", "plan.json"])
            #expect(result.status == 65, "\(result.allOutput)")
            #expect(result.stderr.contains("points at a private address (192.168.0.0/16); HeyGen requires a public https URL"),
                    "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("plan.json").path))
        }
    }
}
