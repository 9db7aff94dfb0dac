import Foundation
import Testing

/// Compares output with a file in `Golden/`. `REHOOK_UPDATE_GOLDEN=1` rewrites the file
/// instead; otherwise a mismatch fails listing the differing lines.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["REHOOK_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: file)
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("golden file \(name) is missing; run with REHOOK_UPDATE_GOLDEN=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return }
        Issue.record(Comment(rawValue: difference(expected: expected, actual: actual, name: name)),
                     sourceLocation: sourceLocation)
    }

    /// The first differing lines, numbered, for a readable failure.
    static func difference(expected: String, actual: String, name: String) -> String {
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        var report = ["output differs from golden file \(name) (REHOOK_UPDATE_GOLDEN=1 accepts it):"]
        for number in 0..<max(expectedLines.count, actualLines.count) {
            let want = number < expectedLines.count ? expectedLines[number] : "(no line)"
            let got = number < actualLines.count ? actualLines[number] : "(no line)"
            guard want != got else { continue }
            report += ["line \(number + 1):", "  expected: \(want)", "  actual:   \(got)"]
            if report.count > 30 { break }
        }
        return report.joined(separator: "\n")
    }
}
