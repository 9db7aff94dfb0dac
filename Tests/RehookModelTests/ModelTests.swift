import Foundation
import Testing
@testable import RehookModel

@Suite struct ModelTests {
    @Test func fingerprintIsStableAndSensitive() {
        let a = Webhook(vendor: .heygen, account: "prod", id: "e1", url: "https://a.example/h",
                        events: .all, enabled: true)
        var b = a
        #expect(a.fingerprint == b.fingerprint)
        b.url = "https://b.example/h"
        #expect(a.fingerprint != b.fingerprint)
        var c = a
        c.events = .list([])
        #expect(a.fingerprint != c.fingerprint, "all events differs from an empty list")
    }

    @Test func planRoundTripsThroughJSON() throws {
        let live = Webhook(vendor: .talkover, account: "eu", id: "w1", parentID: "agent-1",
                           url: "https://old.example/h", events: .list(["call.started"]), enabled: true,
                           extras: [.timeout: .int(30)])
        let change = PlannedChange(before: live, fields: [
            FieldChange(field: .url, before: .string(live.url), after: .string("https://new.example/h")),
            FieldChange(field: .secret, before: nil, beforeKnown: false, after: .secret(.environment("HOOK_SECRET"))),
        ])
        let plan = Plan(createdAt: "2026-11-23T00:00:00Z", source: nil, changes: [change], unchangedMatches: 2)
        let data = try JSONEncoder().encode(plan)
        let decoded = try JSONDecoder().decode(Plan.self, from: data)
        #expect(decoded == plan)
        #expect(decoded.changes[0].after.url == "https://new.example/h")
        #expect(decoded.changes[0].fingerprint == live.fingerprint)
        #expect(!String(decoding: data, as: UTF8.self).contains("secret-value"))
    }

    @Test func everyVendorHasASettableURLAndEvents() {
        for vendor in VendorID.allCases {
            let schema = VendorSchema.of(vendor)
            #expect(schema.spec(.url)?.settable == true)
            #expect(schema.spec(.events)?.settable == true)
        }
        #expect(VendorSchema.of(.heygen).spec(.enabled)?.settable == false)
        #expect(VendorSchema.of(.talkover).spec(.timeout)?.range == 5...120)
    }
}

@Suite struct FieldNameOrderTests {
    @Test("field names order and hash by their place in allCases")
    func orderIsAllCasesOrder() {
        let all = FieldName.allCases
        #expect(all.sorted() == all)
        for (index, field) in all.enumerated() {
            #expect(all.dropFirst(index + 1).allSatisfy { field < $0 && !($0 < field) })
        }
        #expect(Set(all).count == all.count)
    }
}
