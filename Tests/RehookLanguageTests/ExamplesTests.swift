import Foundation
import Testing
@testable import RehookLanguage

/// The shipped examples and the documentation's code blocks must check cleanly, and the tour
/// must exercise every construct of the language.
@Suite struct ExamplesTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examplesFolder = root.appendingPathComponent("examples")

    static var exampleNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examplesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".rehook") }.sorted()
    }

    func check(_ name: String) throws -> CheckedScript {
        let url = Self.examplesFolder.appendingPathComponent(name)
        return Frontend.check(SourceFile(path: name, bytes: try Data(contentsOf: url)))
    }

    @Test func requiredExamplesExist() {
        for name in ["domain-move", "event-cleanup", "talkover-timeouts", "composio-v3", "tour"] {
            #expect(Self.exampleNames.contains("\(name).rehook"), "missing examples/\(name).rehook")
        }
    }

    @Test(arguments: exampleNames)
    func exampleChecksWithoutDiagnostics(_ name: String) throws {
        let checked = try check(name)
        let rendered = DiagnosticRenderer().render(checked.diagnostics, in: checked.source)
        #expect(checked.diagnostics.isEmpty, "\(rendered)")
        #expect(!checked.script.rules.isEmpty)
    }

    @Test func domainMoveCoversAllVendors() throws {
        let vendors = Set(try check("domain-move.rehook").script.rules.flatMap(\.vendors))
        #expect(vendors.count == 5)
    }

    @Test func tourUsesEveryConstruct() throws {
        let checked = try check("tour.rehook")
        let dump = SExpression.dump(checked.script)
        var required = BinaryOperator.allCases.map { "(\($0.symbol) " }
        required += Builtin.allCases.map { "(call \($0.rawValue) " }
        required += ["(let ", "(set ", "(add-events ", "(remove-events ", "(enable)", "(disable)", "(events all)",
                     "(interpolate ", "(list ", "(not ", " true", " -", "(vendors argil jogg talkover heygen composio)",
                     "(vendors jogg talkover)"]
        for construct in required {
            #expect(dump.contains(construct), "tour.rehook lacks \(construct)")
        }
        #expect(checked.source.text.contains("#"))
        #expect(checked.source.text.contains("\\u{"))
    }

    @Test func documentationCodeBlocksCheck() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```rehook" { current = [] } else if line == "```", let block = current {
                blocks.append(block.joined(separator: "\n"))
                current = nil
            } else if current != nil { current?.append(String(line)) }
        }
        #expect(blocks.count >= 4)
        let checked = Frontend.check(SourceFile(path: "language.md", text: blocks.joined(separator: "\n")))
        #expect(!checked.hasErrors, "\(DiagnosticRenderer().render(checked.diagnostics, in: checked.source))")
    }
}
