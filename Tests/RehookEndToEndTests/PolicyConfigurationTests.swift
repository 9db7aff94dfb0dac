import Foundation
import RehookModel
import RehookSandbox
import Testing

/// `[policy]` in rehook.toml, every configuration problem at once, and key file permissions.
@Suite struct PolicyConfigurationTests {
    static let fleet = Workspace.fleet([.argil, .talkover], accounts: 1, webhooks: 3...4)

    /// Adds `text` to the workspace's rehook.toml.
    static func append(_ text: String, in workspace: Workspace) throws {
        try workspace.write(try workspace.read("rehook.toml") + "\n" + text, to: "rehook.toml")
    }

    @Test func strictPolicyRefusesSavingARiskyPlanAndNoFlagLoosensIt() async throws {
        try await Workspace.withSandbox(Self.fleet) { workspace in
            try Self.append("[policy]\nstrict = true\nmax_changes = 1\n", in: workspace)
            try workspace.write(ReviewedPlanTests.riskyScript, to: "risky.rehook")
            let refused = try await workspace.rehook(["plan", "risky.rehook", "--out", "plan.json"])
            #expect(refused.status == 1, "\(refused.allOutput)")
            #expect(refused.stdout.contains("error: "), "\(refused.stdout)")
            #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("plan.json").path))

            // max_changes 1 holds even when the flag asks for more.
            try workspace.write("for vendor talkover set timeout 33\n", to: "timeout.rehook")
            let applied = try await workspace.rehook(["apply", "timeout.rehook", "--yes", "--max-changes", "100"])
            #expect(applied.status == 1, "\(applied.allOutput)")
            #expect(applied.allOutput.contains("more than max_changes 1"), "\(applied.allOutput)")
            #expect(try await ReviewedPlanTests.writes(workspace).values.allSatisfy { $0 == 0 })
        }
    }

    /// Plans the risky script (plain http) with `arguments` added, which passes the default
    /// policy, then adds `require_https` to the configuration.
    static func planRiskyThenRequireHTTPS(_ arguments: [String], in workspace: Workspace) async throws {
        try workspace.write(ReviewedPlanTests.riskyScript, to: "risky.rehook")
        let lenient = try await workspace.rehook(["plan", "risky.rehook"] + arguments)
        #expect(lenient.status == 0, "\(lenient.allOutput)")
        try append("[policy]\nrequire_https = true\n", in: workspace)
    }

    @Test func requireHTTPSMakesPlainHTTPAnError() async throws {
        try await Workspace.withSandbox(Self.fleet) { workspace in
            try await Self.planRiskyThenRequireHTTPS(["--format", "json"], in: workspace)
            let strict = try await workspace.rehook(["plan", "risky.rehook", "--format", "json"])
            #expect(strict.status == 1, "\(strict.allOutput)")
            let plan = try JSONDecoder().decode(Plan.self, from: Data(strict.stdout.utf8))
            #expect(plan.review?.policy.requireHTTPS == true)
            #expect(plan.warnings.contains { $0.hasPrefix("error: ") && $0.contains("plain http") }, "\(plan.warnings)")
            #expect(plan.warnings.contains { $0.hasPrefix("warning: ") && $0.contains("private address") })
        }
    }

    /// `apply` reviews a saved plan's changes while it first reads them, under the policy of the
    /// configuration it finds then; a policy whose checks differ from the plan's own (here
    /// `require_https`, added after the plan was saved) must still refuse it before any write.
    @Test func aSavedPlanIsReviewedUnderThePolicyConfiguredAtApply() async throws {
        try await Workspace.withSandbox(Self.fleet) { workspace in
            try await Self.planRiskyThenRequireHTTPS(["--out", "plan.json"], in: workspace)
            for narrowing in [[], ["--vendor", "talkover"]] {
                let refused = try await workspace.rehook(["apply", "plan.json", "--yes", "--no-probe"] + narrowing)
                #expect(refused.status == 1, "\(refused.allOutput)")
                #expect(refused.stdout.contains("error: ") && refused.stdout.contains("plain http"), "\(refused.stdout)")
                #expect(refused.stderr.contains("review errors"), "\(refused.stderr)")
            }
            #expect(try await ReviewedPlanTests.writes(workspace).values.allSatisfy { $0 == 0 })
            #expect(try workspace.runIDs().isEmpty)
        }
    }

    @Test func everyConfigurationProblemIsReportedAtOnce() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            try workspace.write("""
                [policy]
                strict = "yes"
                [[account]]
                name = "a"
                vendor = "vimeo"
                [[account]]
                name = "b"
                vendor = "jogg"
                rate = "fast"

                """, to: "rehook.toml")
            try workspace.write("for vendor jogg set url \"https://hooks.acme.dev/j\"\n", to: "j.rehook")
            let result = try await workspace.rehook(["plan", "j.rehook"])
            #expect(result.status == 1, "\(result.allOutput)")
            let path = workspace.directory.appendingPathComponent("rehook.toml").path
            for expected in ["\(path):2:1: strict must be true or false", "\(path):5:1: account 'a': unknown vendor 'vimeo'",
                             "\(path):9:1: rate must look like"] {
                #expect(result.stderr.contains(expected) || result.stderr.contains(expected.replacingOccurrences(of: path, with: "rehook.toml")),
                        "\(expected) in \(result.stderr)")
            }
        }
    }

    @Test func aKeyFileOthersCanReadGetsAWarning() async throws {
        let fixture = Workspace.fleet([.argil], accounts: 1, webhooks: 2...2)
        try await Workspace.withSandbox(fixture) { workspace in
            let account = try #require(try workspace.requireSandbox().accounts.first)
            let keyFile = workspace.directory.appendingPathComponent("argil.key")
            try Data(account.key.utf8).write(to: keyFile)
            let toml = try workspace.read("rehook.toml")
                .replacingOccurrences(of: "key_env = \"\(RunningSandbox.keyVariable(for: account))\"",
                                      with: "key_file = \"\(keyFile.path)\"")
            try workspace.write(toml, to: "rehook.toml")
            try workspace.write("for vendor argil set url \"https://hooks.acme.dev/a\"\n", to: "a.rehook")

            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
            let exposed = try await workspace.rehook(["plan", "a.rehook"])
            #expect(exposed.status == 0, "\(exposed.allOutput)")
            #expect(exposed.stderr.contains("key file \(keyFile.path) is readable by other users (mode 644)"), "\(exposed.stderr)")
            #expect(!exposed.allOutput.contains(account.key))

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
            let private600 = try await workspace.rehook(["plan", "a.rehook"])
            #expect(private600.status == 0, "\(private600.allOutput)")
            #expect(!private600.stderr.contains("readable by other users"))
        }
    }
}
