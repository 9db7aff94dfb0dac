import Foundation
import Testing

@Test func binaryPrintsVersion() throws {
    let result = try RehookBinary.run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("0.1.0"))
}
