import Foundation

/// A script's text with the bookkeeping needed to turn offsets into line:column positions.
///
/// Positions are offsets in Unicode scalars; columns count Unicode scalars (not graphemes,
/// not bytes), starting at 1. A tab counts as one column.
public struct SourceFile: Sendable {
    /// The path shown in diagnostics (any label for text that did not come from a file).
    public let path: String
    /// The text as Unicode scalars; invalid UTF-8 has been replaced with U+FFFD.
    public let scalars: [Unicode.Scalar]
    /// Scalar offset of the first character of each line.
    let lineStarts: [Int]

    /// A source file from already-decoded text.
    public init(path: String, text: String) {
        self.path = path
        self.scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// A source file from raw bytes; invalid UTF-8 sequences become U+FFFD, which the lexer
    /// reports where they appear outside string literals.
    public init(path: String, bytes: some Collection<UInt8>) {
        self.init(path: path, text: String(decoding: bytes, as: UTF8.self))
    }

    /// The whole text.
    public var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The text of `range`.
    public func text(in range: SourceRange) -> String {
        let lower = max(0, min(range.start, scalars.count))
        let upper = max(lower, min(range.end, scalars.count))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lower..<upper])
        return String(view)
    }

    /// The 1-based line and column of a scalar offset.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, scalars.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(line: low + 1, column: clamped - lineStarts[low] + 1)
    }

    /// The number of lines (a trailing newline starts an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based line `line`, without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : scalars.count
        if end > start, scalars[end - 1] == "\r" { end -= 1 }
        return text(in: SourceRange(start, max(start, end)))
    }
}

/// A 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of scalar offsets into a `SourceFile`.
public struct SourceRange: Sendable, Hashable {
    public let start: Int
    public let end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var isEmpty: Bool { start == end }
}
