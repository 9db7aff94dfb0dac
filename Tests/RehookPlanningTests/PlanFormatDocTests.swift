import Foundation
import RehookModel
import Testing
@testable import RehookPlanning

@Suite("docs/plan-format.md stays true")
struct PlanFormatDocTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/plan-format.md").standardizedFileURL

    /// The first ```json block of the document.
    static func example() throws -> String {
        let text = try String(contentsOf: document, encoding: .utf8)
        let start = try #require(text.range(of: "```json\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test func documentedExampleIsAValidPlan() throws {
        let plan = try PlanFile.decode(Data(try Self.example().utf8), path: "docs/plan-format.md")
        let change = try #require(plan.changes.first)
        #expect(change.fingerprint == change.before.fingerprint, "the example's fingerprint must be its before state's")
        #expect(change.fields.map(\.field) == [.secret, .timeout, .httpMethod])
    }

    @Test func documentedExampleIsWhatTheEncoderWrites() throws {
        let example = try Self.example()
        let plan = try PlanFile.decode(Data(example.utf8), path: "docs/plan-format.md")
        #expect(String(decoding: PlanFile.encode(plan), as: UTF8.self) == example)
    }
}
