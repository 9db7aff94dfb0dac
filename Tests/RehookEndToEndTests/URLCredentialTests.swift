import Foundation
import RehookModel
import RehookSandbox
import Testing

/// A URL carrying a credential is delivered intact but never displayed; run files are private.
@Suite struct URLCredentialTests {
    static let token = "tok-\(UUID().uuidString)"
    static let password = "pw-\(UUID().uuidString)"
    static var script: String {
        """
        for vendor argil, jogg where host(url) == "old.acme.com" {
          set url "https://hooks.example.com/in?token=\(token)&team=a"
        }
        for vendor heygen where host(url) == "old.acme.com" set url "https://bot:\(password)@hooks.example.com/h"

        """
    }

    @Test func credentialIsDeliveredButAbsentFromEveryOutputAndTheJournal() async throws {
        let fixture = Workspace.fleet([.argil, .jogg, .heygen], accounts: 1, webhooks: 2...3)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write(Self.script, to: "creds.rehook")
            var displayed: [String] = []
            for format in ["human", "json", "markdown"] {
                let planned = try await workspace.rehook(["plan", "creds.rehook", "--format", format, "--out", "plan.json"])
                #expect(planned.status == 0, "\(planned.allOutput)")
                #expect(planned.stdout.contains("token=sha256:"), "\(format): \(planned.stdout)")
                displayed.append(planned.allOutput)
                let shown = try await workspace.rehook(["show", "plan.json", "--format", format])
                displayed.append(shown.allOutput)
            }
            #expect(displayed[0].contains("carries a credential"), "the review warns")
            // The saved plan keeps the value: it is what apply sends.
            #expect(try workspace.read("plan.json").contains(Self.token))
            let applied = try await workspace.rehook(["apply", "plan.json", "--yes", "--json"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            displayed.append(applied.allOutput)
            let runID = try workspace.onlyRunID()
            let journal = String(decoding: try Data(contentsOf: workspace.runFile(runID, "journal.ndjson")), as: UTF8.self)
            displayed.append(journal)
            let replanned = try await workspace.rehook(["plan", "creds.rehook"])
            displayed.append(replanned.allOutput)

            for text in displayed {
                #expect(!text.contains(Self.token))
                #expect(!text.contains(Self.password))
            }
            let urls = try await workspace.sandboxState().accounts.flatMap(\.allWebhooks).map(\.url)
            let delivered = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json")).changes
                .filter { $0.key.vendor != .heygen }.count
            #expect(delivered >= 2)
            #expect(urls.filter { $0 == "https://hooks.example.com/in?token=\(Self.token)&team=a" }.count == delivered, "\(urls)")
            #expect(urls.contains("https://bot:\(Self.password)@hooks.example.com/h"), "\(urls)")

            // The run folder and its files are the owner's only.
            let runDirectory = workspace.runsDirectory.appendingPathComponent(runID)
            #expect(try Self.permissions(runDirectory) == 0o700)
            for name in try FileManager.default.contentsOfDirectory(atPath: runDirectory.path) {
                #expect(try Self.permissions(runDirectory.appendingPathComponent(name)) == 0o600, "\(name)")
            }
        }
    }

    @Test func checkWarnsAboutACredentialWrittenInTheScriptWithoutShowingIt() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            try workspace.write(Self.script, to: "creds.rehook")
            let result = try await workspace.rehook(["check", "creds.rehook"])
            #expect(result.status == 0, "\(result.allOutput)")
            #expect(result.stderr.contains("creds.rehook:2:11: warning: this URL carries a credential written in the script"),
                    "\(result.stderr)")
            #expect(result.stderr.contains("creds.rehook:4:"), "the heygen password too: \(result.stderr)")
            #expect(!result.allOutput.contains(Self.token) && !result.allOutput.contains(Self.password))
        }
    }

    static func permissions(_ url: URL) throws -> Int {
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        return (mode ?? -1) & 0o777
    }
}
