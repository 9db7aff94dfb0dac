import Foundation
import Testing
@testable import RehookREPL

@Suite struct HistoryTests {
    @Test(arguments: [
        (["REHOOK_HISTORY_FILE": "/tmp/h", "XDG_STATE_HOME": "/state", "HOME": "/home/u"], "/tmp/h"),
        (["XDG_STATE_HOME": "/state", "HOME": "/home/u"], "/state/rehook/history"),
        (["XDG_STATE_HOME": "relative", "HOME": "/home/u"], "/home/u/.local/state/rehook/history"),
        (["HOME": "/home/u"], "/home/u/.local/state/rehook/history"),
    ])
    func location(environment: [String: String], expected: String) {
        #expect(HistoryPolicy.defaultPath(environment: environment) == expected)
    }

    @Test func noHomeMeansNoHistory() {
        #expect(HistoryPolicy.defaultPath(environment: [:]) == nil)
    }

    @Test(arguments: [
        "for vendor talkover set secret env(\"WEBHOOK_SECRET\")",
        "for vendor talkover set secret file(\"/run/secrets/hook\")",
        ":inventory jogg where url contains \"acme\"",
        "for vendor heygen set url \"https://hooks.acme.dev/v2/heygen\"",
        "for vendor talkover set auth_scheme \"bearer\"",
        "let pattern = \"^bot[0-9]+$\"",
    ])
    func ordinaryLinesAreRecorded(line: String) {
        #expect(HistoryPolicy(path: nil).shouldRecord(line))
    }

    @Test(arguments: [
        "for vendor talkover set headers [\"Authorization: Bearer abc\"]",
        "let key = \"sk_live_51HxQ\"",
        "let t = \"ghp_abcdefghijklmnop\"",
        "for vendor jogg set url \"https://user:hunter2@hooks.acme.dev\"",
        "let password = \"x\"",
        "for vendor heygen set url \"https://hooks.acme.dev/T0123456789ABCDEFGHIJKLMN\"",
        "   ",
    ])
    func linesThatMightHoldASecretAreNot(line: String) {
        #expect(!HistoryPolicy(path: nil).shouldRecord(line))
    }

    @Test func theFileKeepsOnlyTheNewestLinesAndIsPrivate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state/rehook/history").path
        let policy = HistoryPolicy(path: path, capacity: 3)
        for number in 1...5 { #expect(try policy.record(":fields jogg \(number)")) }
        #expect(try policy.record("let token = \"x\"") == false)
        try policy.record(":fields jogg 5")
        #expect(policy.load() == [":fields jogg 3", ":fields jogg 4", ":fields jogg 5"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func loadingDropsLinesThatShouldNeverHaveBeenThere() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("history").path
        try Data(":show\nlet api_key = \"x\"\n:plan\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(HistoryPolicy(path: path).load() == [":show", ":plan"])
        #expect(HistoryPolicy(path: directory.appendingPathComponent("missing").path).load().isEmpty)
    }
}
