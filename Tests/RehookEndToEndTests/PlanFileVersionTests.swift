import Foundation
import RehookModel
import Testing

/// A plan of a format version this rehook does not read is refused with one message, whether it
/// is a saved plan (`apply PLAN.json`) or the plan.json of a run (`apply --resume`).
@Suite struct PlanFileVersionTests {
    /// A one-change plan file claiming format version `version`.
    static func planFile(version: Int) -> String {
        let before = Webhook(vendor: .heygen, account: "default", id: "ep_1", url: "https://old.acme.com/h",
                             events: .list(["avatar_video.success"]))
        let plan = Plan(createdAt: "2026-11-23T12:00:00Z", source: nil, changes: [
            PlannedChange(before: before, fields: [
                FieldChange(field: .url, before: .string(before.url), after: .string("https://hooks.acme.dev/h")),
            ]),
        ], unchangedMatches: 0)
        return String(decoding: PlanFile.encode(plan), as: UTF8.self)
            .replacingOccurrences(of: "\"format_version\" : 1,", with: "\"format_version\" : \(version),")
    }

    static func refusal(_ path: String, version: Int) -> String {
        "error: \(path): plan format version \(version) is not supported; this rehook reads version 1. "
            + "Re-create the plan with this version of rehook.\n"
    }

    @Test func resumingARunWhosePlanHasAnotherFormatVersionIsRefusedLikeApplyingIt() async throws {
        try await Workspace.withEmbeddedSandbox { workspace in
            let runID = "20261123-120000-abcd"
            let runPlan = workspace.runFile(runID, "plan.json")
            try FileManager.default.createDirectory(at: runPlan.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = Self.planFile(version: 2)
            #expect(text.contains("\"format_version\" : 2,"))
            try Data(text.utf8).write(to: runPlan)

            let resumed = try await workspace.rehook(["apply", "--resume", runID, "--sandbox", "--yes"])
            #expect(resumed.status == 1)
            #expect(resumed.stderr == Self.refusal(runPlan.path, version: 2))

            try workspace.write(text, to: "next.json")
            let applied = try await workspace.rehook(["apply", "next.json", "--sandbox", "--yes"])
            #expect(applied.status == 1)
            #expect(applied.stderr == Self.refusal("next.json", version: 2))
        }
    }
}
