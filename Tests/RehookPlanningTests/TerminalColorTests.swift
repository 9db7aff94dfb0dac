import RehookModel
import Testing
@testable import RehookPlanning

@Suite("Colour only on a terminal, NO_COLOR honoured")
struct TerminalColorTests {
    static let escape = "\u{1B}["

    @Test(arguments: [
        (ColorMode.Preference.auto, true, [:], ColorMode.always),
        (.auto, false, [:], .never),
        (.auto, true, ["NO_COLOR": "1"], .never),
        (.auto, true, ["NO_COLOR": ""], .always),
        (.auto, true, ["TERM": "dumb"], .never),
        (.always, false, ["NO_COLOR": "1"], .always),
        (.never, true, [:], .never),
    ] as [(ColorMode.Preference, Bool, [String: String], ColorMode)])
    func decision(preference: ColorMode.Preference, isTerminal: Bool, environment: [String: String],
                  expected: ColorMode) {
        #expect(ColorMode.decide(preference: preference, isTerminal: isTerminal, environment: environment) == expected)
    }

    @Test func colourOnPaintsMarkers() {
        let output = HumanPlanRenderer.render(PlanFixtures.fleet, options: RenderOptions(colorMode: .always))
        #expect(output.contains("\(Self.escape)33m~\(Self.escape)0m"))
        #expect(output.contains("\(Self.escape)32m+\(Self.escape)0m"))
        #expect(output.contains("\(Self.escape)31m-\(Self.escape)0m"))
    }

    @Test func noColorEnvironmentGivesPlainText() {
        let mode = ColorMode.decide(isTerminal: true, environment: ["NO_COLOR": "1"])
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
