import Foundation
import RehookModel
import RehookReview
import RehookTestSupport
import Testing
@testable import RehookOutput

@Suite("Plan renderings match the golden files")
struct RenderGoldenTests {
    static let plans: [(name: String, plan: Plan)] = [
        ("fleet", PlanFixtures.fleet),
        ("empty", PlanFixtures.empty),
        ("risky", ReviewReport(plan: PlanFixtures.risky, policy: ReviewPolicy(
            allowedHosts: [try? AllowedHostPattern("*.acme.dev")].compactMap { $0 }, maxChanges: 1))
            .annotating(PlanFixtures.risky)),
    ]

    @Test(arguments: plans.map(\.name))
    func humanPlain(name: String) throws {
        let plan = try #require(Self.plans.first { $0.name == name }?.plan)
        try GoldenFile.check(HumanPlanRenderer.render(plan, options: RenderOptions(colorMode: .never)),
                             against: "\(name).human.txt")
    }

    @Test(arguments: plans.map(\.name))
    func json(name: String) throws {
        let plan = try #require(Self.plans.first { $0.name == name }?.plan)
        try GoldenFile.check(PlanOutputFormat.json.render(plan), against: "\(name).plan.json")
    }

    @Test(arguments: plans.map(\.name))
    func markdown(name: String) throws {
        let plan = try #require(Self.plans.first { $0.name == name }?.plan)
        try GoldenFile.check(MarkdownPlanRenderer.render(plan), against: "\(name).md")
    }
}

@Suite("Golden file mismatches are readable")
struct GoldenFileDifferenceTests {
    @Test func differenceNamesTheLineAndBothTexts() {
        let report = GoldenFile.difference(expected: "a\nb\nc\n", actual: "a\nB\nc\nd\n", name: "x.txt")
        #expect(report == """
            output differs from golden file x.txt (REHOOK_UPDATE_GOLDEN=1 accepts it):
            line 2:
              expected: b
              actual:   B
            line 4:
              expected: 
              actual:   d
            line 5:
              expected: (no line)
              actual:   
            """)
    }
}
