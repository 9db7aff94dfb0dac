import Foundation
import RehookModel
import Testing

/// `PlanFile`, the one plan codec: what it writes reads back as the same plan, and a plan of a
/// format version this build does not read is refused with one message, whatever its content.
@Suite struct PlanFileCodecTests {
    /// The plan file of `plan` with its `format_version` replaced by `version`.
    static func file(of plan: Plan, version: Int) -> Data {
        let text = String(decoding: PlanFile.encode(plan), as: UTF8.self)
        return Data(text.replacingOccurrences(of: "\"format_version\" : 1,", with: "\"format_version\" : \(version),").utf8)
    }

    static func refusal(_ data: Data, path: String) -> String? {
        do {
            _ = try PlanFile.decode(data, path: path)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test(arguments: [0, 1, 5])
    func roundTrip(changes: Int) throws {
        let plan = PlanJSONTests.plan(changes: changes, warnings: ["warning: w"])
        let data = PlanFile.encode(plan)
        let decoded = try PlanFile.decode(data, path: "p.json")
        #expect(decoded == plan)
        #expect(decoded.formatVersion == PlanFile.formatVersion)
        #expect(PlanFile.encode(decoded) == data, "decode → encode gives the same bytes")
        #expect(PlanFile.encodedBytes(plan) == Array(data))
    }

    @Test("a plan of another format version is refused, naming the file, the version found and the version read",
          arguments: [2, 0, 99])
    func otherVersionIsRefused(version: Int) throws {
        let data = Self.file(of: PlanJSONTests.plan(changes: 2), version: version)
        #expect(String(decoding: data, as: UTF8.self).contains("\"format_version\" : \(version),"))
        #expect(Self.refusal(data, path: "plans/next.json") ==
            "plans/next.json: plan format version \(version) is not supported; this rehook reads version 1. "
            + "Re-create the plan with this version of rehook.")
    }

    @Test("a newer plan whose content this build cannot read is refused for its version, not its content")
    func newerVersionWithUnknownContent() {
        let newer = #"{"format": "rehook-plan", "format_version": 2, "changes": {"by_account": {}}, "signed_by": "ci"}"#
        #expect(Self.refusal(Data(newer.utf8), path: "next.json") ==
            "next.json: plan format version 2 is not supported; this rehook reads version 1. "
            + "Re-create the plan with this version of rehook.")
    }
}
