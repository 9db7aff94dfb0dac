import RehookModel
import RehookTestSupport
import Testing
@testable import RehookOutput

/// Painting a plan once colour is decided (the decision: `OutputPolicyTests` in RehookModelTests).
@Suite("Colour paints only escapes")
struct TerminalColorTests {
    static let escape = "\u{1B}["

    @Test func colourOnPaintsMarkers() {
        let output = HumanPlanRenderer.render(PlanFixtures.fleet, options: RenderOptions(colorMode: .always))
        #expect(output.contains("\(Self.escape)33m~\(Self.escape)0m"))
        #expect(output.contains("\(Self.escape)32m+\(Self.escape)0m"))
        #expect(output.contains("\(Self.escape)31m-\(Self.escape)0m"))
    }

    @Test func noColorEnvironmentGivesPlainText() {
        let mode = OutputPolicy(environment: ["NO_COLOR": "1"], isTerminal: { _ in true }).colorMode(for: .output)
        let output = HumanPlanRenderer.render(PlanFixtures.fleet, options: RenderOptions(colorMode: mode))
        #expect(!output.contains("\u{1B}"))
        #expect(output == HumanPlanRenderer.render(PlanFixtures.fleet))
    }

    @Test func colourChangesOnlyEscapes() {
        let coloured = HumanPlanRenderer.render(PlanFixtures.fleet, options: RenderOptions(colorMode: .always))
        let stripped = coloured.replacing(/\x1B\[[0-9;]*m/, with: "")
        #expect(stripped == HumanPlanRenderer.render(PlanFixtures.fleet))
    }

    @Test(arguments: [PlanOutputFormat.json, .markdown])
    func machineFormatsNeverColour(format: PlanOutputFormat) {
        #expect(!format.render(PlanFixtures.fleet, options: RenderOptions(colorMode: .always)).contains("\u{1B}"))
    }
}
