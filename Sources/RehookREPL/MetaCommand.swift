import RehookModel

/// A REPL command: a line starting with `:`.
public enum MetaCommand: Sendable, Equatable {
    case help
    case vendors
    case accounts
    case fields(VendorID)
    case events(VendorID)
    /// `:inventory [VENDOR] [where CONDITION]`; `conditionOffset` is where the condition
    /// starts in the typed line, in Unicode scalars (for carets).
    case inventory(vendor: VendorID?, condition: String?, conditionOffset: Int)
    case plan
    case refresh
    case show
    case undo
    case clear
    case save(path: String)
    case load(path: String)
    case apply
    case review
    case quit

    /// Every command name, with its arguments and what it does (`:help`, completion).
    public static let catalogue: [(name: String, arguments: String, summary: String)] = [
        ("help", "", "show this help"),
        ("vendors", "", "the vendors and how many accounts each has"),
        ("accounts", "", "the configured accounts"),
        ("fields", "VENDOR", "fields a vendor's webhooks have: type, readable, settable, limits"),
        ("events", "VENDOR", "event names from the vendor's catalogue"),
        ("inventory", "[VENDOR] [where CONDITION]", "the cached live webhooks, optionally filtered"),
        ("plan", "", "the diff the session script would make against the cached inventory"),
        ("refresh", "", "re-read every account's webhooks and event catalogues"),
        ("show", "", "print the session script"),
        ("undo", "", "drop the last statement of the session"),
        ("clear", "", "drop every statement of the session"),
        ("save", "FILE", "write the session script to FILE"),
        ("load", "FILE", "check FILE and add its statements to the session"),
        ("apply", "", "plan, show the diff, and apply it after you type 'yes'"),
        ("review", "", "plan, then accept or skip each webhook's change before applying"),
        ("quit", "", "leave the REPL (Ctrl-D does too)"),
    ]

    /// Command names, with their leading colon (completion).
    public static var names: [String] { catalogue.map { ":" + $0.name } }

    private static let aliases = ["q": "quit", "exit": "quit", "h": "help", "?": "help"]

    /// Parses a line that starts with `:` (leading spaces allowed).
    public static func parse(_ line: String) -> Result<MetaCommand, MetaCommandError> {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first, first.hasPrefix(":") else {
            return .failure(MetaCommandError("commands start with ':'; try :help"))
        }
        let typed = String(first.dropFirst())
        let name = aliases[typed] ?? typed
        let arguments = Array(words.dropFirst())
        switch name {
        case "help", "vendors", "accounts", "plan", "refresh", "show", "undo", "clear", "apply", "review", "quit":
            guard arguments.isEmpty else { return .failure(MetaCommandError(":\(name) takes no arguments")) }
            return .success(simple[name] ?? .help)
        case "fields", "events":
            guard arguments.count == 1 else { return .failure(MetaCommandError("usage: :\(name) VENDOR")) }
            return vendor(arguments[0]).map { name == "fields" ? .fields($0) : .events($0) }
        case "save", "load":
            let path = String(trimmed.dropFirst(first.count)).trimmingSpaces
            guard !path.isEmpty else { return .failure(MetaCommandError("usage: :\(name) FILE")) }
            return .success(name == "save" ? .save(path: path) : .load(path: path))
        case "inventory":
            return parseInventory(line, arguments: arguments)
        default:
            let suggestion = closestName(to: typed)
            return .failure(MetaCommandError("unknown command ':\(typed)'"
                + (suggestion.map { "; did you mean ':\($0)'?" } ?? "; try :help")))
        }
    }

    private static let simple: [String: MetaCommand] = [
        "help": .help, "vendors": .vendors, "accounts": .accounts, "plan": .plan, "refresh": .refresh,
        "show": .show, "undo": .undo, "clear": .clear, "apply": .apply, "review": .review, "quit": .quit,
    ]

    private static func vendor(_ word: String) -> Result<VendorID, MetaCommandError> {
        if let vendor = VendorID(rawValue: word) { return .success(vendor) }
        let known = VendorID.allCases.map(\.rawValue)
        let hint = closest(to: word, in: known).map { "; did you mean '\($0)'?" }
            ?? " (known: \(known.joined(separator: ", ")))"
        return .failure(MetaCommandError("unknown vendor '\(word)'" + hint))
    }

    private static func parseInventory(_ line: String, arguments: [String]) -> Result<MetaCommand, MetaCommandError> {
        var vendor: VendorID?
        var rest = arguments[...]
        if let first = rest.first, first != "where" {
            switch Self.vendor(first) {
            case .success(let found): vendor = found
            case .failure(let error): return .failure(error)
            }
            rest = rest.dropFirst()
        }
        guard let keyword = rest.first else { return .success(.inventory(vendor: vendor, condition: nil, conditionOffset: 0)) }
        guard keyword == "where" else {
            return .failure(MetaCommandError("usage: :inventory [VENDOR] [where CONDITION]"))
        }
        // The condition is everything after the first standalone `where`, as typed.
        let scalars = Array(line.unicodeScalars)
        var offset = 0
        var wordsSeen = 0
        let wordsBefore = arguments.count - rest.count + 2 // ":inventory", the vendor if any, "where"
        while offset < scalars.count, wordsSeen < wordsBefore {
            while offset < scalars.count, scalars[offset] == " " || scalars[offset] == "\t" { offset += 1 }
            while offset < scalars.count, scalars[offset] != " ", scalars[offset] != "\t" { offset += 1 }
            wordsSeen += 1
        }
        while offset < scalars.count, scalars[offset] == " " || scalars[offset] == "\t" { offset += 1 }
        var condition = String.UnicodeScalarView()
        condition.append(contentsOf: scalars[offset...])
        guard !condition.isEmpty else { return .failure(MetaCommandError("expected a condition after 'where'")) }
        return .success(.inventory(vendor: vendor, condition: String(condition), conditionOffset: offset))
    }

    /// The command name closest to `word`, if it is a plausible typo or a unique prefix.
    static func closestName(to word: String) -> String? {
        let names = catalogue.map(\.name)
        let prefixed = names.filter { $0.hasPrefix(word) }
        if !word.isEmpty, prefixed.count == 1 { return prefixed[0] }
        return closest(to: word, in: names)
    }

    /// The candidate within a small edit distance of `word` (a third of its length, at least 1).
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(word.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, word.count / 3) ? best.0 : nil
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A meta-command that could not be parsed, with a message that says why.
public struct MetaCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
