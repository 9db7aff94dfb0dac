import RehookModel

/// Renders diagnostics like a compiler: `file:line:col: severity: message`, the numbered
/// source line with `^~~~` under the range, then `note:` and `help:` lines (a fix-it shows
/// its replacement). Columns count Unicode scalars; tabs are expanded to the next multiple
/// of four in the excerpt so the caret lines up.
public struct DiagnosticRenderer: Sendable {
    /// Use ANSI colours.
    public var colored: Bool

    public init(colored: Bool = false) {
        self.colored = colored
    }

    /// Coloured when `policy` colours the stream the diagnostics go to (standard error unless
    /// said otherwise).
    public init(policy: OutputPolicy, stream: StandardStream = .error) {
        self.colored = policy.colors(stream)
    }

    /// All diagnostics, one after the other, each ending with a newline.
    public func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
        diagnostics.map { render($0, in: source) + "\n" }.joined()
    }

    /// One diagnostic with its excerpt, notes and fix-its.
    public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        var lines = [header(diagnostic.severity, diagnostic.message, at: diagnostic.range, in: source)]
        lines += excerpt(diagnostic.range, severity: diagnostic.severity, in: source)
        for note in diagnostic.notes {
            if let range = note.range {
                lines.append(header(.note, note.message, at: range, in: source))
                lines += excerpt(range, severity: .note, in: source)
            } else {
                lines.append(paint("note:", .cyan, bold: true) + " " + note.message)
            }
        }
        for fixIt in diagnostic.fixIts {
            let original = source.text(in: fixIt.range)
            let edit = original.isEmpty ? "insert '\(fixIt.replacement)'" : "replace '\(original)' with '\(fixIt.replacement)'"
            lines.append(paint("help:", .green, bold: true) + " \(fixIt.message): \(edit)")
        }
        return lines.joined(separator: "\n")
    }

    private func header(_ severity: DiagnosticSeverity, _ message: String, at range: SourceRange, in source: SourceFile) -> String {
        let location = source.location(of: range.start)
        let label = paint("\(severity.rawValue):", severity.color, bold: true)
        return paint("\(source.path):\(location.line):\(location.column):", nil, bold: true) + " \(label) " + paint(message, nil, bold: true)
    }

    /// The numbered source line and the underline; ranges spanning lines are underlined to
    /// the end of their first line.
    private func excerpt(_ range: SourceRange, severity: DiagnosticSeverity, in source: SourceFile) -> [String] {
        let start = source.location(of: range.start)
        let end = source.location(of: range.end)
        let line = Array(source.lineText(start.line).unicodeScalars)
        let firstColumn = min(start.column - 1, line.count)
        let lastColumn = end.line == start.line ? min(max(end.column - 1, firstColumn + 1), max(line.count, firstColumn + 1))
                                                : max(line.count, firstColumn + 1)
        var shown = ""
        var underline = ""
        var width = 0
        for (index, scalar) in line.enumerated() {
            let cells = scalar == "\t" ? 4 - width % 4 : 1
            shown += scalar == "\t" ? String(repeating: " ", count: cells) : Lexer.displayable(scalar)
            let marker: Character = index == firstColumn ? "^" : (index > firstColumn && index < lastColumn ? "~" : " ")
            if index < lastColumn { underline += String(repeating: marker, count: cells) }
            width += cells
        }
        if firstColumn >= line.count { underline += String(repeating: " ", count: max(0, firstColumn - line.count)) + "^" }
        let number = String(start.line)
        let gutter = String(repeating: " ", count: number.count)
        let indent = underline.prefix { $0 == " " }
        let marks = underline.dropFirst(indent.count)
        return [" \(number) | \(shown)", " \(gutter) | " + indent + paint(marks.isEmpty ? "^" : String(marks), severity.color, bold: true)]
    }

    enum Color: String {
        case red = "31", yellow = "33", cyan = "36", green = "32"
    }

    private func paint(_ text: String, _ color: Color?, bold: Bool) -> String {
        guard colored else { return text }
        let codes = ([bold ? "1" : nil, color?.rawValue]).compactMap { $0 }.joined(separator: ";")
        return ANSIStyle.wrap(text, codes: codes)
    }
}

extension DiagnosticSeverity {
    var color: DiagnosticRenderer.Color {
        switch self {
        case .error: .red
        case .warning: .yellow
        case .note: .cyan
        }
    }
}

extension Lexer {
    /// A scalar as shown in a source excerpt: control characters become U+FFFD so they
    /// cannot move the terminal's cursor.
    static func displayable(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7F ? "\u{FFFD}" : String(Character(scalar))
    }
}
