import RehookModel
import Testing

/// The one colour decision: every `--color` value × `NO_COLOR` unset, empty or "1" × `TERM`
/// dumb or xterm × the stream a terminal or not.
@Suite struct OutputPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var preference: ColorMode.Preference
        var noColor: String?
        var term: String
        var isTerminal: Bool

        var testDescription: String {
            "--color \(preference) NO_COLOR=\(noColor.map { "'\($0)'" } ?? "unset") TERM=\(term) \(isTerminal ? "tty" : "no tty")"
        }

        /// `always` and `never` win; `auto` colours a terminal unless NO_COLOR is set at all or TERM=dumb.
        var expected: ColorMode {
            switch preference {
            case .always: .always
            case .never: .never
            case .auto: isTerminal && noColor == nil && term != "dumb" ? .always : .never
            }
        }
    }

    static let cases: [Case] = ColorMode.Preference.allCases.flatMap { preference in
        [nil, "", "1"].flatMap { noColor in
            ["dumb", "xterm"].flatMap { term in
                [true, false].map { Case(preference: preference, noColor: noColor, term: term, isTerminal: $0) }
            }
        }
    }

    @Test(arguments: cases)
    func decision(_ row: Case) {
        var environment = ["TERM": row.term]
        environment["NO_COLOR"] = row.noColor
        let policy = OutputPolicy(preference: row.preference, environment: environment, isTerminal: { _ in row.isTerminal })
        #expect(policy.colorMode(for: .output) == row.expected)
        #expect(policy.colorMode(for: .error) == row.expected)
    }

    @Test func tableCoversEveryCombination() {
        #expect(Self.cases.count == 3 * 3 * 2 * 2)
        #expect(Self.cases.filter { $0.expected == .always }.count == 12 + 1)
    }

    @Test func eachStreamIsAskedAboutItself() {
        let policy = OutputPolicy(environment: ["TERM": "xterm"], isTerminal: { $0 == .error })
        #expect(policy.colorMode(for: .error) == .always)
        #expect(policy.colorMode(for: .output) == .never, "stdout piped, stderr a terminal")
    }

    @Test func escapeSequenceIsSelectGraphicRendition() {
        #expect(ANSIStyle.wrap("x", codes: "1;31") == "\u{1B}[1;31mx\u{1B}[0m")
    }
}
