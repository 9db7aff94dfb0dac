import Foundation
import Testing

/// `rehook check` as a user runs it.
@Suite struct CheckCommandTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    /// A temporary folder holding `files`, removed after `body`.
    func withScripts(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        try body(folder)
    }

    @Test(arguments: ["tour.rehook", "domain-move.rehook"])
    func cleanExampleExitsZero(_ name: String) throws {
        let result = try RehookBinary.run(["check", Self.examples.appendingPathComponent(name).path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }

    @Test func brokenScriptExits65WithCaret() throws {
        try withScripts(["broken.rehook": "for vendor heygen, jogg {\n  disable\n}\n"]) { folder in
            let result = try RehookBinary.run(["check", "broken.rehook"], currentDirectory: folder)
            #expect(result.status == 65)
            #expect(result.stderr.contains("broken.rehook:2:3: error: HeyGen webhooks cannot be disabled through its API"))
            #expect(result.stderr.contains(" 2 |   disable\n   |   ^~~~~~~\n"))
            #expect(result.stderr.contains("1 error and 0 warnings in 1 file"))
            #expect(!result.stderr.contains("\u{1B}["))
        }
    }

    @Test func missingFileExits1AndStillChecksTheOthers() throws {
        try withScripts(["bad.rehook": "for vendor jogg set webhook_url \"https://a.dev\"\n"]) { folder in
            let result = try RehookBinary.run(["check", "missing.rehook", "bad.rehook"], currentDirectory: folder)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("rehook: missing.rehook: no such file\n"))
            #expect(result.stderr.contains("bad.rehook:1:21: error: 'webhook_url' is a vendor's own name for a field; did you mean 'url'?"))
        }
    }

    @Test func warningsAloneExitZero() throws {
        try withScripts(["warn.rehook": "let unused = 1\n"]) { folder in
            let result = try RehookBinary.run(["check", "warn.rehook"], currentDirectory: folder)
            #expect(result.status == 0)
            #expect(result.stderr.contains("warning: 'unused' is never used"))
        }
    }

    @Test func noFilesIsAUsageError() throws {
        let result = try RehookBinary.run(["check"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Missing expected argument '<files> ...'"))
    }

    @Test func jsonFormat() throws {
        try withScripts(["s.rehook": "for vendor talkover set timeout 500\n"]) { folder in
            let result = try RehookBinary.run(["check", "--format", "json", "s.rehook"], currentDirectory: folder)
            #expect(result.status == 65)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let files = try #require(json["files"] as? [[String: Any]])
            let diagnostics = try #require(files.first?["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.count == 1)
            #expect(diagnostics.first?["line"] as? Int == 1)
            #expect(diagnostics.first?["column"] as? Int == 33)
            #expect(diagnostics.first?["severity"] as? String == "error")
            #expect((diagnostics.first?["message"] as? String)?.contains("between 5 and 120") == true)
        }
    }
}
