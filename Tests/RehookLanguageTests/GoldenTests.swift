import Foundation
import Testing
@testable import RehookLanguage

/// Each `Golden/NAME.rehook` is checked and its rendered diagnostics compared with
/// `Golden/NAME.expected`. `REHOOK_UPDATE_GOLDEN=1 swift test` rewrites the expectations.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".rehook") }.sorted()
    }

    @Test func folderHasCases() {
        #expect(Self.cases.count >= 5)
    }

    @Test(arguments: cases)
    func diagnosticsMatchExpectation(_ name: String) throws {
        let scriptURL = Self.folder.appendingPathComponent(name)
        let expectedURL = scriptURL.deletingPathExtension().appendingPathExtension("expected")
        let source = SourceFile(path: name, bytes: try Data(contentsOf: scriptURL))
        let checked = Frontend.check(source)
        let rendered = DiagnosticRenderer(colored: false).render(checked.diagnostics, in: source)
        if ProcessInfo.processInfo.environment["REHOOK_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: expectedURL)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(rendered == expected)
    }
}
