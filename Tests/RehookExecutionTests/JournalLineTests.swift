import Foundation
import RehookModel
import Testing
@testable import RehookExecution

/// Journal lines are written by `JSONByteWriter`; they must be exactly what `JSONEncoder`
/// (sorted keys, slashes unescaped) writes, so journals of earlier builds and of this one read
/// the same, and must read back as the entry.
@Suite struct JournalLineTests {
    static let key = WebhookKey(vendor: .talkover, account: "eu/ü", id: "id \"1\"\n")
    static let observed = Webhook(vendor: .talkover, account: "eu/ü", id: "id \"1\"\n", parentID: "agent/7",
                                  url: "https://old.acme.com/a?b=\\c", events: .all, enabled: nil,
                                  extras: [.timeout: .int(30), .headers: .strings([]), .secret: .secret(.environment("T"))])

    static let entries: [JournalEntry] = [
        JournalEntry(event: .planned, key: key, attempt: 0, time: "2026-11-23T19:11:38.123Z"),
        JournalEntry(event: .sent, key: key, attempt: 3, time: "t", message: "forced over changes since the plan: url"),
        JournalEntry(event: .failed, key: key, attempt: 2, time: "t", message: "HTTP 503 at /v1\t\u{1}", final: false),
        JournalEntry(event: .failed, key: key, attempt: 5, time: "t", message: "", final: true),
        JournalEntry(event: .skipped, key: key, attempt: 0, time: "t", message: "changed since the plan: url"),
        JournalEntry(event: .applied, key: key, attempt: 1, time: "t"),
        JournalEntry(event: .applied, key: key, attempt: 0, time: "t", alreadyApplied: true, warnings: []),
        JournalEntry(event: .applied, key: key, attempt: 1, time: "t", alreadyApplied: false,
                     warnings: ["url normalised to https://x/", "é"], observedBefore: observed,
                     reported: Webhook(vendor: .jogg, account: "a", id: "j", url: "u", events: .list(["e", "f"]),
                                       enabled: true)),
    ]

    @Test(arguments: entries)
    func lineIsByteIdenticalToJSONEncoder(_ entry: JournalEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = entry.jsonLine()
        #expect(line == [UInt8](try encoder.encode(entry)))
        #expect(try JSONDecoder().decode(JournalEntry.self, from: Data(line)) == entry)
    }
}
