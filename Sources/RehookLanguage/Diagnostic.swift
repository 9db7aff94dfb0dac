/// How serious a diagnostic is.
public enum DiagnosticSeverity: String, Sendable, Hashable, Codable {
    case error, warning, note
}

/// A problem found in a script, modelled on swift-syntax's `Diagnostic`: a severity, the
/// range it points at, a message, attached notes, and fix-its that would resolve it.
public struct Diagnostic: Sendable, Hashable {
    public var severity: DiagnosticSeverity
    public var range: SourceRange
    public var message: String
    public var notes: [DiagnosticNote]
    public var fixIts: [FixIt]

    public init(_ severity: DiagnosticSeverity, _ message: String, at range: SourceRange,
                notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        self.severity = severity
        self.range = range
        self.message = message
        self.notes = notes
        self.fixIts = fixIts
    }

    /// An error diagnostic.
    public static func error(_ message: String, at range: SourceRange, notes: [DiagnosticNote] = [],
                             fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, notes: notes, fixIts: fixIts)
    }

    /// A warning diagnostic.
    public static func warning(_ message: String, at range: SourceRange, notes: [DiagnosticNote] = [],
                               fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: range, notes: notes, fixIts: fixIts)
    }
}

/// Extra information attached to a diagnostic, optionally pointing somewhere else in the source.
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// A suggested edit: replace the text of `range` with `replacement`.
public struct FixIt: Sendable, Hashable {
    /// What the edit does, e.g. "use the canonical field name".
    public var message: String
    public var range: SourceRange
    public var replacement: String

    public init(_ message: String, replacing range: SourceRange, with replacement: String) {
        self.message = message
        self.range = range
        self.replacement = replacement
    }

    /// Applies the fix-it to `source`, returning the edited text.
    public func applied(to source: SourceFile) -> String {
        source.text(in: SourceRange(0, range.start)) + replacement
            + source.text(in: SourceRange(range.end, source.scalars.count))
    }
}

extension Array where Element == Diagnostic {
    /// At least one diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Diagnostics sorted by position (stable for equal positions).
    public var sortedByPosition: [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            (lhs.element.range.start, lhs.offset) < (rhs.element.range.start, rhs.offset)
        }.map(\.element)
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, min(word.count, best.candidate.count) / 3)
        return best.distance <= limit ? best.candidate : nil
    }

    /// Levenshtein distance over Unicode scalars (bounded input: identifiers).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars.prefix(64))
        let b = Array(b.unicodeScalars.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
