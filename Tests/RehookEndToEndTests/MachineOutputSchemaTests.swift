import Foundation
import RehookModel
import RehookSandbox
import Testing

/// The JSON Schemas in docs/schemas/ hold for real outputs of the built binary: a plan (stdout
/// and file), an `apply --json` stream with retries and a stale skip, the run's journal, plan
/// and rollback plan, the inventory and `runs --json`, each checked by python3's `jsonschema`
/// (`scripts/schemas/validate`).
@Suite struct MachineOutputSchemaTests {
    @Test func everyMachineOutputOfARealRunValidatesAgainstItsSchema() async throws {
        let fixture = Workspace.fleet(accounts: 2, webhooks: 3...6, seed: 41)
        let faults = SandboxOptions(faults: SandboxFaults(failRate: 0.2), randomSeed: 41)
        try await Workspace.withSandbox(fixture, options: faults) { workspace in
            let inventory = try await workspace.rehook(["inventory", "--format", "json"])
            #expect(inventory.status == 0, "\(inventory.stderr)")
            try await Self.expectValid("inventory", inventory.stdout)

            try workspace.write(ApplyCommandTests.allVendorsScript, to: "all.rehook")
            let planned = try await workspace.rehook(["plan", "all.rehook", "--format", "json"])
            #expect(planned.status == 0, "\(planned.stderr)")
            try await Self.expectValid("plan", planned.stdout)
            let saved = try await workspace.rehook(["plan", "all.rehook", "--out", "plan.json"])
            #expect(saved.status == 0, "\(saved.allOutput)")
            try await Self.expectValid("plan", try workspace.read("plan.json"))

            // One webhook changed behind the plan's back: the stream and the journal get a skip.
            let plan = try workspace.plan(at: workspace.directory.appendingPathComponent("plan.json"))
            let target = try #require(plan.changes.first { $0.key.vendor == .heygen })
            try await workspace.requireSandbox().state.modifyWebhook(
                vendor: .heygen, account: target.key.account, id: target.key.id,
                SandboxWebhookPatch(url: "https://elsewhere.example.com/by-hand"))

            let applied = try await workspace.rehook(["apply", "plan.json", "--yes", "--json"])
            #expect([1, 3, 4].contains(applied.status), "\(applied.allOutput)")
            let lines = applied.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == #"{"event":"stream","format":"rehook-events","format_version":1}"#)
            let names = Set(try lines.map { try Self.eventName(of: $0) })
            #expect(names.isSuperset(of: ["stream", "started", "retried", "applied", "skipped", "summary"]), "\(names)")
            try await Self.expectValid("events", applied.stdout, lines: true)

            let runID = try workspace.onlyRunID()
            let journal = String(decoding: try Data(contentsOf: workspace.runFile(runID, "journal.ndjson")), as: UTF8.self)
            try await Self.expectValid("journal", journal, lines: true)
            for name in ["plan.json", "rollback.json"] {
                try await Self.expectValid("plan", String(decoding: try Data(contentsOf: workspace.runFile(runID, name)),
                                                          as: UTF8.self))
            }

            let runs = try await workspace.rehook(["runs", "--json"])
            #expect(runs.status == 0, "\(runs.stderr)")
            try await Self.expectValid("runs", runs.stdout)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [String: Any])
            let listed = try #require((document["runs"] as? [[String: Any]])?.first)
            #expect(listed["id"] as? String == runID)
            #expect(listed["total"] as? Int == plan.changes.count)
            #expect(listed["skipped"] as? Int == 1)
        }
    }

    @Test func runsJSONWithNoRunsAndWithAnUnreadableRunValidates() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let empty = try await workspace.rehook(["runs", "--json"])
            #expect(empty.status == 0, "\(empty.stderr)")
            #expect(empty.stdout.contains(#""runs" : ["#))
            try await Self.expectValid("runs", empty.stdout)

            let broken = workspace.runsDirectory.appendingPathComponent("20261130-120000-beef")
            try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
            try Data("{".utf8).write(to: broken.appendingPathComponent("plan.json"))
            let listed = try await workspace.rehook(["runs", "--json"])
            #expect(listed.stdout.contains(#""problem" : "#), "\(listed.stdout)")
            try await Self.expectValid("runs", listed.stdout)
        }
    }

    /// The validator is not a rubber stamp: a plan of another version, a stream line with an
    /// unknown field and a journal line without its key are each refused.
    @Test func theValidatorRefusesDocumentsOutsideTheSchemas() async throws {
        let golden = RepositoryScript.repository.appendingPathComponent("Tests/RehookOutputTests/Golden/fleet.plan.json")
        let plan = String(decoding: try Data(contentsOf: golden), as: UTF8.self)
        try await Self.expectValid("plan", plan)
        let refused = [
            ("plan", plan.replacingOccurrences(of: #""format_version" : 1"#, with: #""format_version" : 2"#)),
            ("events", #"{"account":"a","elapsed_seconds":1.0,"event":"started","id":"w","vendor":"jogg","colour":1}"#),
            ("journal", #"{"attempt":1,"event":"sent","time":"2026-11-30T12:00:00Z"}"#),
        ]
        for (schema, text) in refused {
            let (status, output) = try await Self.validate(schema, text)
            #expect(status == 1, "\(schema) accepted: \(text.prefix(200))\n\(output)")
        }
    }

    /// The schemas name exactly the registered vendors.
    @Test(arguments: ["plan", "inventory", "journal", "events"])
    func schemaVendorsAreTheRegisteredVendors(_ schema: String) throws {
        let url = RepositoryScript.repository.appendingPathComponent("docs/schemas/\(schema).schema.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let definitions = try #require(document["$defs"] as? [String: Any])
        let vendor = try #require(definitions["vendor"] as? [String: Any])
        #expect(Set(vendor["enum"] as? [String] ?? []) == Set(VendorID.allCases.map(\.rawValue)))
    }

    static func eventName(of line: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        return try #require(object["event"] as? String, "\(line)")
    }

    static func expectValid(_ schema: String, _ text: String, lines: Bool = false,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (status, output) = try await validate(schema, text, lines: lines)
        #expect(status == 0, "\(schema): \(output)", sourceLocation: sourceLocation)
    }

    /// Runs `scripts/schemas/validate` on `text`; its exit status and output.
    static func validate(_ schema: String, _ text: String, lines: Bool = false) async throws -> (Int32, String) {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-schema-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        return try await RepositoryScript.run(["python3", "scripts/schemas/validate"] + (lines ? ["--lines"] : [])
                                              + [schema, input.path])
    }
}
