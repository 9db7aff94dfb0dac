import Testing
@testable import RehookPlanning

@Test func moduleIsLinked() {
    #expect(RehookPlanningModule.name == "RehookPlanning")
}
