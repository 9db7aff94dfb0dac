import Foundation
import RehookModel
import RehookSandbox
import Testing

/// Only the reviewed plan runs: a saved plan carries its review and digest, `apply` reviews it
/// again and filters it as it would a script, `--expect-digest` binds it, `show` renders it.
@Suite struct ReviewedPlanTests {
    /// Moves the Argil and Talkover webhooks of old.acme.com (vendors that take http) to plain
    /// http on a private address: warnings, errors under `--strict`.
    static let riskyScript = """
        for vendor argil, talkover where host(url) == "old.acme.com" {
          set url "http://10.0.0.5/hook"
        }

        """

    static let smallFleet = Workspace.fleet(accounts: 2, webhooks: 3...5)

    /// Every write the sandbox has taken, per vendor.
    static func writes(_ workspace: Workspace) async throws -> [VendorID: Int] {
        let stats = try await workspace.requireSandbox().stats()
        return Dictionary(uniqueKeysWithValues: VendorID.allCases.map { ($0, stats[$0].totals.writes) })
    }

    static func digest(in output: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Digest: sha256:") }, "\(output)")
        return String(line.dropFirst("Digest: ".count))
    }

    @Test func strictPlanWithErrorsIsNotSavedAndASavedPlanIsReviewedAgain() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(Self.riskyScript, to: "risky.rehook")
            let refused = try await workspace.rehook(["plan", "risky.rehook", "--strict", "--out", "gate.json"])
            #expect(refused.status == 1, "\(refused.allOutput)")
            #expect(refused.stdout.contains("error: "), "\(refused.stdout)")
            #expect(!refused.allOutput.contains("apply it with"))
            #expect(!FileManager.default.fileExists(atPath: workspace.directory.appendingPathComponent("gate.json").path))

            // Saved without --strict (warnings only): --strict at apply refuses it, nothing sent.
            let lenient = try await workspace.rehook(["plan", "risky.rehook", "--out", "plan.json"])
            #expect(lenient.status == 0, "\(lenient.allOutput)")
            let strictApply = try await workspace.rehook(["apply", "plan.json", "--strict", "--yes"])
            #expect(strictApply.status == 1, "\(strictApply.allOutput)")
            #expect(strictApply.stderr.contains("review errors"), "\(strictApply.stderr)")

            // A JSON plan printed under --strict records its errors: applying it is refused too.
            let printed = try await workspace.rehook(["plan", "risky.rehook", "--strict", "--format", "json"])
            #expect(printed.status == 1)
            let recorded = try JSONDecoder().decode(Plan.self, from: Data(printed.stdout.utf8))
            #expect(recorded.review?.policy.strict == true)
            #expect((recorded.review?.errors ?? 0) > 0)
            try workspace.write(printed.stdout, to: "printed.json")
            let recordedApply = try await workspace.rehook(["apply", "printed.json", "--yes"])
            #expect(recordedApply.status == 1, "\(recordedApply.allOutput)")
            #expect(try await Self.writes(workspace).values.allSatisfy { $0 == 0 })
            #expect(try workspace.runIDs().isEmpty)
        }
    }

    @Test func vendorAndAccountFilterASavedPlan() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(ApplyCommandTests.allVendorsScript, to: "all.rehook")
            let planned = try await workspace.rehook(["plan", "all.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let saved = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            #expect(Set(saved.changes.map(\.key.vendor)) == Set(VendorID.allCases))

            let unknown = try await workspace.rehook(["apply", "plan.json", "--yes", "--account", "nobody"])
            #expect(unknown.status == 64, "\(unknown.allOutput)")
            #expect(unknown.stdout.isEmpty, "\(unknown.stdout)")

            let applied = try await workspace.rehook(["apply", "plan.json", "--yes", "--vendor", "jogg"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            let writes = try await Self.writes(workspace)
            #expect((writes[.jogg] ?? 0) > 0)
            for vendor in VendorID.allCases where vendor != .jogg { #expect(writes[vendor] == 0, "\(vendor)") }
            let run = try workspace.plan(at: workspace.runFile(try workspace.onlyRunID(), "plan.json"))
            #expect(run.changes == saved.changes.filter { $0.key.vendor == .jogg })

            let tooMany = try await workspace.rehook(["apply", "plan.json", "--yes", "--vendor", "heygen", "--max-changes", "0"])
            #expect(tooMany.status == 1, "\(tooMany.allOutput)")
            #expect(try await Self.writes(workspace)[.heygen] == 0)
        }
    }

    @Test func digestBindsTheApplyToTheReviewedPlan() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(ApplyCommandTests.allVendorsScript, to: "all.rehook")
            let planned = try await workspace.rehook(["plan", "all.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let digest = try Self.digest(in: planned.stdout)
            #expect(PlanFile.isDigest(digest))
            let markdown = try await workspace.rehook(["plan", "all.rehook", "--format", "markdown"])
            #expect(markdown.stdout.contains("`\(digest)`"), "the same plan made again has the same digest")
            #expect(try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json")).digest == digest)

            let other = "sha256:" + String(repeating: "0", count: 64)
            let mismatch = try await workspace.rehook(["apply", "plan.json", "--yes", "--expect-digest", other])
            #expect(mismatch.status == 1, "\(mismatch.allOutput)")
            #expect(mismatch.stderr.contains(digest), "\(mismatch.stderr)")
            #expect(try await Self.writes(workspace).values.allSatisfy { $0 == 0 })

            // Edited after review: the content no longer matches its digest.
            let text = try workspace.read("plan.json")
            try workspace.write(text.replacingOccurrences(of: "hooks.acme.dev", with: "evil.example.com"), to: "edited.json")
            let edited = try await workspace.rehook(["apply", "edited.json", "--yes", "--expect-digest", digest])
            #expect(edited.status == 1, "\(edited.allOutput)")
            #expect(edited.stderr.contains("does not match its digest"), "\(edited.stderr)")
            #expect(try await Self.writes(workspace).values.allSatisfy { $0 == 0 })

            let matched = try await workspace.rehook(["apply", "plan.json", "--yes", "--expect-digest", digest])
            #expect(matched.status == 0, "\(matched.allOutput)")
            #expect(try await Self.writes(workspace).values.reduce(0, +) > 0)

            let malformed = try await workspace.rehook(["apply", "plan.json", "--yes", "--expect-digest", "abc"])
            #expect(malformed.status == 64, "\(malformed.allOutput)")
        }
    }

    @Test func showRendersASavedPlanAsPlanDid() async throws {
        try await Workspace.withSandbox(Self.smallFleet) { workspace in
            try workspace.write(Self.riskyScript + ApplyCommandTests.allVendorsScript, to: "all.rehook")
            for format in ["human", "json", "markdown"] {
                let planned = try await workspace.rehook(["plan", "all.rehook", "--format", format, "--out", "plan-\(format).json"])
                #expect(planned.status == 0, "\(planned.allOutput)")
                // No vendor, no credentials: only the file.
                let shown = try await RehookBinary.run(["show", "plan-\(format).json", "--format", format],
                                                       currentDirectory: workspace.directory)
                #expect(shown.status == 0, "\(shown.allOutput)")
                #expect(shown.stdout == planned.stdout, "\(format)")
            }
            let missing = try await workspace.rehook(["show", "all.rehook"])
            #expect(missing.status == 1)
        }
    }
}

/// A large plan's Markdown fits one pull-request comment.
@Suite struct MarkdownBudgetTests {
    @Test func twoThousandChangesFitAComment() async throws {
        let fixture = Workspace.fleet(accounts: 10, webhooks: 40...40)
        try await Workspace.withSandbox(fixture) { workspace in
            try workspace.write("for vendor * set url \"https://hooks.acme.dev/${vendor}/${id}\"\n", to: "all.rehook")
            let planned = try await workspace.rehook(["plan", "all.rehook", "--format", "markdown", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            #expect(plan.changes.count == 2_000)
            #expect(planned.stdout.count <= 65_536, "\(planned.stdout.count) characters")
            #expect(planned.stdout.utf8.count <= 65_536)
            #expect(planned.stdout.contains("Plan: 2,000 webhooks") || planned.stdout.contains("Plan: 2000 webhooks"))
            #expect(planned.stdout.contains("Digest: `\(try #require(plan.digest))`"))
            #expect(planned.stdout.contains("more changes: see the plan file"), "\(planned.stdout.suffix(300))")
            #expect(planned.stdout.contains("<details>"), "details of what fits")

            let summary = try await workspace.rehook(["show", "plan.json", "--format", "markdown", "--summary"])
            #expect(summary.status == 0, "\(summary.allOutput)")
            #expect(!summary.stdout.contains("<details>"))
            #expect(summary.stdout.contains("| argil | 10 | 400 |"), "\(summary.stdout)")
            let misuse = try await workspace.rehook(["show", "plan.json", "--summary"])
            #expect(misuse.status == 64)
        }
    }
}

/// Summaries say what this run did, not only where things ended.
@Suite struct HonestOutcomeTests {
    @Test func changesFoundInTheirPlannedStateAreNotCountedAsAppliedNow() async throws {
        try await Workspace.withSandbox(ReviewedPlanTests.smallFleet) { workspace in
            try workspace.write(ApplyCommandTests.allVendorsScript, to: "all.rehook")
            let planned = try await workspace.rehook(["plan", "all.rehook", "--out", "plan.json"])
            #expect(planned.status == 0, "\(planned.allOutput)")
            let count = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json")).changes.count
            let first = try await workspace.rehook(["apply", "plan.json", "--yes", "--vendor", "heygen"])
            #expect(first.status == 0, "\(first.allOutput)")
            let heygen = try await Self.writes(workspace)
            let again = try await workspace.rehook(["apply", "plan.json", "--yes", "--json"])
            #expect(again.status == 0, "\(again.allOutput)")
            let lastLine = try #require(again.stdout.split(separator: "\n").last)
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
            #expect(summary["applied"] as? Int == count)
            #expect(summary["already_applied"] as? Int == heygen, "the heygen changes were already in place")
            let third = try await workspace.rehook(["apply", "plan.json", "--yes"])
            #expect(third.status == 0, "\(third.allOutput)")
            #expect(third.stdout.contains("all \(count) changes in their planned state: 0 applied now, \(count) already in the planned state"),
                    "\(third.stdout)")
        }
    }

    static func writes(_ workspace: Workspace) async throws -> Int {
        try await ReviewedPlanTests.writes(workspace).values.reduce(0, +)
    }
}
