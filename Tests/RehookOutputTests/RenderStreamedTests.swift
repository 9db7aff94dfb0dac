import Foundation
import RehookModel
import RehookTestSupport
import Testing
@testable import RehookOutput

/// A plan read change by change from its file renders as the same plan read whole: the diff,
/// the probes, the findings, the estimate and the digest (`apply PLAN.json` shows the first,
/// `rehook show` the second).
@Suite struct RenderStreamedTests {
    @Test(arguments: [ColorMode.never, .always])
    func streamedRendersAsWhole(color: ColorMode) throws {
        let plan = PlanFixtures.reviewed
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-render-\(UUID().uuidString).json")
        try PlanFile.encode(plan).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let opened = try PlanFile.open(path: url.path)
        let options = RenderOptions(colorMode: color)
        var streamed = ""
        try HumanPlanRenderer.render(opened, options: options) { streamed += $0 }
        var pieces = ""
        HumanPlanRenderer.render(plan, options: options) { pieces += $0 }
        let whole = HumanPlanRenderer.render(try PlanFile.decode(Data(contentsOf: url), path: url.path), options: options)
        #expect(streamed == whole)
        #expect(pieces == whole)
        for part in ["Destinations probed (3):", "Time at the configured rates:", "Digest: \(plan.digest ?? "-")",
                     "moves to plain http"] {
            #expect(whole.contains(part))
        }
        #expect(try PlanOutputFormat.markdown.render(opened.load(), options: options)
            == PlanOutputFormat.markdown.render(plan, options: options))
    }
}
