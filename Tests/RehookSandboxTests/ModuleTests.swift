import Testing
@testable import RehookSandbox

@Test func moduleIsLinked() {
    #expect(RehookSandboxModule.name == "RehookSandbox")
}
