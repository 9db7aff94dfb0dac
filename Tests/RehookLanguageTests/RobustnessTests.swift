import Foundation
import RehookTestSupport
import Testing
@testable import RehookLanguage

/// No input may crash or hang the lexer, parser or checker.
@Suite struct RobustnessTests {
    static let fragments = Frontend.keywords + Punctuation.allCases.map(\.rawValue) + Frontend.builtinNames + [
        "vendor", "heygen", "jogg", "*", "url", "events", "timeout", "\"", "\"${", "}", "\\", "\\u{", "#", "\n", "\t",
        "-", "!", "999999999999999999999", "\"https://x.dev\"", "env(\"S\")", "(", ")", "[", "]", "{", "}", "é", "🚀",
    ]

    static var seeds: [[UInt8]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let folders = [root.appendingPathComponent("Golden"), root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".rehook") }
                .compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
                .map { [UInt8]($0) }
        }
    }

    /// Checks `bytes` and verifies every diagnostic points inside the file and renders.
    func checkSurvives(_ bytes: [UInt8]) {
        let source = SourceFile(path: "fuzz.rehook", bytes: bytes)
        let checked = Frontend.check(source)
        for diagnostic in checked.diagnostics {
            #expect(diagnostic.range.start >= 0 && diagnostic.range.end <= source.scalars.count)
        }
        #expect(!DiagnosticRenderer(colored: true).render(checked.diagnostics, in: source).isEmpty || checked.diagnostics.isEmpty)
        _ = SExpression.dump(checked.script)
    }

    func mutate(_ input: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes.insert(contentsOf: Array((Self.fragments.randomElement(using: &rng) ?? "").utf8), at: position)
            case 1: if !bytes.isEmpty { bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &rng))) }
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
            case 3:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &rng) }
            }
        }
        return bytes
    }

    @Test func mutatedScriptsNeverCrash() {
        var rng = SeededGenerator(seed: 0x5EED)
        let seeds = Self.seeds
        #expect(seeds.count >= 5)
        for _ in 0..<1_000 {
            let seed = seeds.randomElement(using: &rng) ?? []
            checkSurvives(mutate(seed, using: &rng))
        }
    }

    @Test func randomTokenSoupNeverCrashes() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<800 {
            let count = Int.random(in: 0...60, using: &rng)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &rng) ?? "" }.joined(separator: " ")
            checkSurvives(Array(text.utf8))
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            checkSurvives((0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    @Test func invalidUTF8IsReported() {
        let checked = Frontend.check(SourceFile(path: "t", bytes: Array("let x = 1 ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)))
        #expect(checked.diagnostics.map(\.message).contains("invalid UTF-8 in source"))
    }

    @Test(arguments: ["(", "[", "not ", "\"${"])
    func deepNestingIsCapped(_ opener: String) {
        let checked = Frontend.check(SourceFile(path: "t", text: "let x = " + String(repeating: opener, count: 50_000) + "1"))
        #expect(checked.hasErrors)
        #expect(checked.diagnostics.count <= 3)
    }

    @Test func hugeStringAndLargeFile() {
        let huge = "let s = \"" + String(repeating: "a", count: 1_000_000) + "\"\nfor vendor jogg where url == \"${s}\" enable\n"
        let hugeHasErrors = Frontend.check(SourceFile(path: "t", text: huge)).hasErrors
        #expect(!hugeHasErrors)
        let line = "for vendor jogg where url starts with \"https://old\" and events has \"x\" set url \"https://new.dev\"\n"
        let lines = 10_000_000 / line.utf8.count // a 10 MB script
        let checked = Frontend.check(SourceFile(path: "t", text: String(repeating: line, count: lines)))
        let (largeHasErrors, ruleCount) = (checked.hasErrors, checked.script.rules.count)
        #expect(!largeHasErrors)
        #expect(ruleCount == lines)
    }

    @Test func unterminatedEverythingAtEndOfFile() {
        for text in ["for", "for vendor", "for vendor jogg where", "for vendor jogg {", "let", "let x", "let x =", "\"", "\"${", "[1,", "f("] {
            let checked = Frontend.check(SourceFile(path: "t", text: text))
            #expect(checked.hasErrors, "\(text)")
            #expect(checked.diagnostics.count == 1, "\(text): \(checked.diagnostics.map(\.message))")
        }
    }
}
