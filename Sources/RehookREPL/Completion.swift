import RehookLanguage
import RehookModel

/// What tab completion knows about the session.
public struct CompletionContext: Sendable {
    /// Names bound by the session's `let`s.
    public var variables: [String]
    /// Event names of each vendor's catalogue (live, or the documented closed set), read at
    /// each completion: the live catalogues arrive while the session's first line is typed.
    public var eventNames: [VendorID: [String]] { currentEventNames() }
    private let currentEventNames: @Sendable () -> [VendorID: [String]]
    /// Earlier lines of the statement being typed (inside an open `{` block).
    public var pendingLines: [String]
    /// The entries of a directory ("" for the current one); directories end with "/".
    public var listDirectory: @Sendable (String) -> [String]

    /// `eventNames` is evaluated at each completion, not once.
    public init(variables: [String] = [], eventNames: @autoclosure @escaping @Sendable () -> [VendorID: [String]] = [:],
                pendingLines: [String] = [], listDirectory: @escaping @Sendable (String) -> [String] = { _ in [] }) {
        self.variables = variables
        self.currentEventNames = eventNames
        self.pendingLines = pendingLines
        self.listDirectory = listDirectory
    }

    /// Events any of `vendors` knows, sorted and without duplicates.
    func events(of vendors: [VendorID]) -> [String] {
        Array(Set(vendors.flatMap { vendor -> [String] in
            if case .closed(let names) = VendorSchema.of(vendor).eventCatalogue, eventNames[vendor] == nil { return names }
            return eventNames[vendor] ?? []
        })).sorted()
    }
}

/// The candidates for the word before the cursor.
public struct Completion: Sendable, Equatable {
    /// The partial word being completed (what the candidates replace).
    public var word: String
    /// Full replacements for `word`, sorted, each starting with `word`.
    public var candidates: [String]
    /// Appended after a unique candidate: a space, a closing quote, or nothing (directories).
    public var terminator: String

    public init(word: String, candidates: [String], terminator: String = " ") {
        self.word = word
        self.candidates = candidates
        self.terminator = terminator
    }

    /// The longest prefix every candidate shares (what Tab inserts when several match).
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return word }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

/// Context-aware tab completion, independent of readline: given the text before the cursor and
/// the session, which words fit here.
public enum Completer {
    /// Characters that end a word; readline is given the same set so both agree on the word.
    public static let wordBreakCharacters = " \t\n\"'([{},=<>!"

    /// Completes the word that ends `beforeCursor` (the current line up to the cursor).
    public static func complete(_ beforeCursor: String, context: CompletionContext) -> Completion {
        let word = String(beforeCursor.reversed().prefix { !wordBreakCharacters.contains($0) }.reversed())
        let lineStart = String(beforeCursor.dropLast(word.count))
        if context.pendingLines.isEmpty, lineStart.trimmingSpaces.hasPrefix(":") || (lineStart.trimmingSpaces.isEmpty && word.hasPrefix(":")) {
            return completeMetaCommand(lineStart: lineStart, word: word, context: context)
        }
        let text = (context.pendingLines + [lineStart]).joined(separator: "\n")
        return complete(word: word, after: text, context: context)
    }

    /// Candidates for `word` typed after the statement text `text`.
    static func complete(word: String, after text: String, context: CompletionContext) -> Completion {
        let scanner = LineScanner(text)
        if scanner.endsInComment { return Completion(word: word, candidates: []) }
        if let quote = scanner.openStringStart {
            // Inside a string: only event names and a field's enumerated values are worth completing.
            let before = String(text[..<quote])
            switch StatementContext(before).position {
            case .events(let vendors), .afterHas(let vendors):
                return filtered(word, context.events(of: vendors), terminator: "\"")
            case .value(let field, let vendors):
                return filtered(word, CompletionPosition.enumerationValues(field, vendors: vendors), terminator: "\"")
            default:
                return Completion(word: word, candidates: [])
            }
        }
        let position = StatementContext(text).position
        return filtered(word, position.candidates(context: context))
    }

    static func filtered(_ word: String, _ candidates: [String], terminator: String = " ") -> Completion {
        Completion(word: word, candidates: Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted(), terminator: terminator)
    }

    private static func completeMetaCommand(lineStart: String, word: String, context: CompletionContext) -> Completion {
        let words = lineStart.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let command = words.first else { return filtered(word, MetaCommand.names) }
        let vendors = VendorID.allCases.map(\.rawValue)
        switch command {
        case ":load", ":save":
            return completeFileName(word, context: context)
        case ":fields", ":events":
            return filtered(word, words.count == 1 ? vendors : [])
        case ":inventory":
            if words.contains("where") {
                let vendor = words.dropFirst().first.flatMap(VendorID.init(rawValue:))
                let header = "for vendor " + (vendor?.rawValue ?? "*") + " where "
                let condition = lineStart.components(separatedBy: "where").dropFirst().joined(separator: "where")
                return complete(word: word, after: header + condition, context: context)
            }
            return filtered(word, words.count == 1 ? vendors + ["where"] : ["where"])
        default:
            return Completion(word: word, candidates: [])
        }
    }

    private static func completeFileName(_ word: String, context: CompletionContext) -> Completion {
        let directory = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
        let entries = context.listDirectory(directory).filter { !$0.hasPrefix(".") || word.hasPrefix(directory + ".") }
        let completion = filtered(word, entries.map { directory + $0 })
        let onlyDirectory = completion.candidates.count == 1 && completion.candidates[0].hasSuffix("/")
        return Completion(word: word, candidates: completion.candidates, terminator: onlyDirectory ? "" : " ")
    }
}
