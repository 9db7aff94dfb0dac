import Foundation
@testable import RehookModel
import Testing

/// `PlanFile.encode(_:)` is written by `JSONByteWriter`; it must give exactly the bytes
/// `JSONEncoder` gives for the whole plan, and read back as the same plan.
@Suite struct PlanJSONTests {
    static func webhook(_ index: Int, vendor: VendorID) -> Webhook {
        Webhook(vendor: vendor, account: "acct \"\(index % 3)\"", id: "wh_\(index)",
                parentID: vendor == .talkover ? "ag/\(index)" : nil,
                url: "https://old.acme.com/hooks/\(index)?a=1&b=\\n",
                events: index % 4 == 0 ? .all : .list(["a.\(index)", "b\nline", "é 😀"]),
                enabled: index % 2 == 0 ? true : nil,
                extras: index % 3 == 0 ? [.timeout: .int(index), .name: .string("n\t\(index)")] : [:])
    }

    static func plan(changes count: Int, warnings: [String] = []) -> Plan {
        let vendors = VendorID.allCases
        let changes = (0..<count).map { index in
            let before = webhook(index, vendor: vendors[index % vendors.count])
            var fields = [FieldChange(field: .url, before: .string(before.url), after: .string("https://new.acme.dev/\(index)"))]
            if index % 2 == 1 { fields.append(FieldChange(field: .secret, before: nil, beforeKnown: false, after: .string("ref"))) }
            return PlannedChange(before: before, fields: fields)
        }
        return Plan(createdAt: "2026-11-23T19:00:00Z", source: PlanSource(path: "a/b.rehook", digest: "0123"),
                    changes: changes, unchangedMatches: 7, warnings: warnings)
    }

    static func wholeEncoding(_ plan: Plan) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(plan)
    }

    @Test(arguments: [0, 1, 2, 17])
    func writtenEncodingIsByteIdenticalToJSONEncoder(changes: Int) throws {
        for warnings in [[], ["w1", "two\nlines"]] {
            let plan = Self.plan(changes: changes, warnings: warnings)
            let written = PlanFile.encode(plan)
            #expect(written == (try Self.wholeEncoding(plan)))
            #expect(try PlanFile.decode(written, path: "p.json") == plan)
        }
    }

    @Test func planWithoutSourceToo() throws {
        var plan = Self.plan(changes: 3)
        plan.source = nil
        #expect(PlanFile.encode(plan) == (try Self.wholeEncoding(plan)))
    }

    /// Every field value shape, empty lists, all-events, unknown befores, secrets by reference,
    /// escapes and non-ASCII text, in one plan.
    @Test func everyValueShapeToo() throws {
        let before = Webhook(vendor: .talkover, account: "ünï/😀", id: "q\"b\\s/t\tn\nc\r\u{8}\u{c}\u{0}\u{1b}\u{7f}",
                             parentID: "agent/1", url: "https://例え.jp/p?q=\"x\"&y=\u{2028}", events: .list([]),
                             enabled: false,
                             extras: [.headers: .strings([]), .timeout: .int(-7), .maxRetries: .int(Int.max),
                                      .name: .string(""), .version: .events(.all), .agentName: .bool(true),
                                      .username: .events(.list(["e"])), .httpMethod: .strings(["a", "/b"])])
        let fields = [
            FieldChange(field: .url, before: .string(before.url), after: .string("")),
            FieldChange(field: .secret, before: nil, beforeKnown: false, after: .secret(.environment("TOKEN"))),
            FieldChange(field: .authScheme, before: nil, after: .secret(.file("/run/secret"))),
            FieldChange(field: .events, before: .events(.list([])), after: .events(.all)),
            FieldChange(field: .enabled, before: .bool(false), after: .bool(true)),
        ]
        let plan = Plan(createdAt: "", source: PlanSource(path: "", digest: ""),
                        changes: [PlannedChange(before: before, fields: fields)], unchangedMatches: 0, warnings: [""])
        #expect(PlanFile.encode(plan) == (try Self.wholeEncoding(plan)))
    }
}
