import Foundation
@testable import RehookModel
import Testing

/// `Plan.fileJSON()` splices per-change encodings into the plan's outline; it must give exactly
/// the bytes `JSONEncoder` gives for the whole plan, and read back as the same plan.
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
    func splicedEncodingIsByteIdenticalToJSONEncoder(changes: Int) throws {
        for warnings in [[], ["w1", "two\nlines"]] {
            let plan = Self.plan(changes: changes, warnings: warnings)
            let spliced = try plan.fileJSON()
            #expect(spliced == (try Self.wholeEncoding(plan)))
            #expect(try JSONDecoder().decode(Plan.self, from: spliced) == plan)
        }
    }

    @Test(arguments: [1, 2, 5, 16])
    func chunkBoundariesDoNotShowInTheBytes(changesPerChunk: Int) throws {
        let plan = Self.plan(changes: 17, warnings: ["w"])
        #expect(try plan.fileJSON(changesPerChunk: changesPerChunk) == (try Self.wholeEncoding(plan)))
    }

    @Test func planWithoutSourceToo() throws {
        var plan = Self.plan(changes: 3)
        plan.source = nil
        #expect(try plan.fileJSON() == (try Self.wholeEncoding(plan)))
    }
}
