import Testing
@testable import RehookREPL

@Test func moduleIsLinked() {
    #expect(RehookREPLModule.name == "RehookREPL")
}
