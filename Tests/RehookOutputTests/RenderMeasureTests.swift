import Foundation
@testable import RehookOutput
import Testing

/// The human renderer measures plain-ASCII lines from their bytes; the answers agree with
/// the `Character` and Foundation ones on every kind of text.
@Suite struct RenderMeasureTests {
    static let values = [
        "", "https://old0.acme.com/v1/argil/7", "https://old0.acme.com/v2/argil/7?migrated=1", "plain",
        "caf\u{E9}", "cafe\u{301}", "\u{301}leading mark", "line\r\nbreak", "line\r", "\nline", "tab\there",
        "emoji \u{1F600}", "flag \u{1F1EB}\u{1F1F7}", "https://old0.acme.com/v1/argil/7\u{301}", "a\0b",
    ]

    @Test(arguments: values)
    func fastMeasuresAgreeWithCharacters(before: String) {
        for after in Self.values {
            let oneLine = "url: \(before) → \(after)"
            #expect(HumanPlanRenderer.lineLength(oneLine, field: "url", before: before, after: after) == oneLine.count,
                    "\(before.debugDescription) → \(after.debugDescription)")
            #expect(HumanPlanRenderer.sharedPrefixLength(before, after) == before.commonPrefix(with: after).count,
                    "\(before.debugDescription) / \(after.debugDescription)")
        }
    }
}
