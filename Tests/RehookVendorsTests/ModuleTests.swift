import Testing
@testable import RehookVendors

@Test func moduleIsLinked() {
    #expect(RehookVendorsModule.name == "RehookVendors")
}
