import Testing
@testable import RehookLanguage

@Test func moduleIsLinked() {
    #expect(RehookLanguageModule.name == "RehookLanguage")
}
