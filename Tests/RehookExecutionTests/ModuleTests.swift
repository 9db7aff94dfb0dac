import Testing
@testable import RehookExecution

@Test func moduleIsLinked() {
    #expect(RehookExecutionModule.name == "RehookExecution")
}
