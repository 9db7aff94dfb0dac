import RehookModel

/// Thrown inside the parser to unwind to the nearest statement or action boundary; the
/// diagnostic has already been recorded.
struct ParseFailure: Error {}

/// Recursive-descent parser. Collects every diagnostic, recovers at statement (and, inside
/// blocks, action) boundaries, and never reports the same broken token twice.
public struct Parser {
    /// Deepest allowed expression nesting; deeper input gets a diagnostic instead of a stack overflow.
    public static let maxNestingDepth = 64

    let source: SourceFile
    var tokens: [Token]
    var index = 0
    var depth: Int
    /// Names of `let`s declared so far (identifiers resolve to them before fields).
    var variables: Set<String>
    public internal(set) var diagnostics: [Diagnostic] = []

    /// A parser for `range` of `source` (the whole file by default). `variables` are names
    /// already bound by earlier statements (the REPL passes its session's names).
    public init(_ source: SourceFile, range: SourceRange? = nil, variables: Set<String> = []) {
        self.init(source, range: range, variables: variables, depth: 0)
    }

    init(_ source: SourceFile, range: SourceRange?, variables: Set<String>, depth: Int) {
        var lexer = Lexer(source, range: range)
        self.source = source
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
        self.variables = variables
        self.depth = depth
    }

    /// Parses a whole script.
    public mutating func parseScript() -> Script {
        var statements: [Statement] = []
        skipNewlines()
        while !atEnd {
            do {
                statements.append(try parseStatement())
                try expectEndOfLine(after: "statement")
            } catch {
                synchronize()
            }
            skipNewlines()
        }
        return Script(statements: statements)
    }

    // MARK: Token access

    var current: Token { tokens[min(index, tokens.count - 1)] }
    var atEnd: Bool { current.kind == .endOfFile }
    var previousEnd: Int { index > 0 ? tokens[min(index, tokens.count) - 1].range.end : 0 }

    func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    mutating func consume(_ punctuation: Punctuation) -> Bool {
        guard current.isPunctuation(punctuation) else { return false }
        advance()
        return true
    }

    mutating func consume(_ keyword: Keyword) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func expect(_ punctuation: Punctuation, _ context: String) throws(ParseFailure) -> Token {
        guard current.isPunctuation(punctuation) else { throw fail("expected '\(punctuation.rawValue)' \(context)") }
        return advance()
    }

    /// Records "`message`, found X" at the current token (unless it is an already-reported
    /// error token) and returns the failure to throw.
    mutating func fail(_ message: String) -> ParseFailure {
        if current.kind != .error {
            diagnostics.append(.error("\(message), found \(current.displayName)", at: current.range))
        }
        return ParseFailure()
    }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    mutating func expectEndOfLine(after what: String) throws(ParseFailure) {
        guard current.kind == .newline || atEnd else { throw fail("expected end of line after \(what)") }
    }

    /// Skips to the start of the next statement: past the end of the current line, treating a
    /// `{ ... }` block opened on the way as part of the line.
    mutating func synchronize() {
        var braces = 0
        while !atEnd {
            let token = advance()
            if token.isPunctuation(.leftBrace) { braces += 1 }
            if token.isPunctuation(.rightBrace) { braces = max(0, braces - 1) }
            if token.kind == .newline && braces == 0 { return }
        }
    }

    // MARK: Statements

    mutating func parseStatement() throws(ParseFailure) -> Statement {
        if current.isKeyword(.let) { return .let(try parseLet()) }
        if current.isKeyword(.for) { return .rule(try parseRule()) }
        throw fail("expected a statement ('let' or 'for vendor ...')")
    }

    mutating func parseLet() throws(ParseFailure) -> LetBinding {
        let start = advance().range.start
        guard let name = current.identifier else {
            if case .keyword(let keyword) = current.kind {
                report(.error("'\(keyword.rawValue)' is a reserved word and cannot name a variable", at: current.range))
                throw ParseFailure()
            }
            throw fail("expected a variable name after 'let'")
        }
        let nameRange = advance().range
        _ = try expect(.equal, "after the variable name")
        let value = try parseExpression()
        variables.insert(name)
        return LetBinding(name: name, nameRange: nameRange, value: value, range: SourceRange(start, value.range.end))
    }

    mutating func parseRule() throws(ParseFailure) -> Rule {
        let start = advance().range.start
        guard current.identifier == "vendor" else { throw fail("expected 'vendor' after 'for'") }
        advance()
        let (vendors, vendorsRange) = try parseVendors()
        var condition: Expression?
        if consume(.where) { condition = try parseExpression() }
        var actions: [Action] = []
        if current.isPunctuation(.leftBrace) {
            actions = try parseBlock()
        } else if current.kind == .newline || atEnd {
            throw fail("expected an action or a '{' block after the rule header")
        } else {
            actions = [try parseAction()]
        }
        return Rule(vendors: vendors, vendorsRange: vendorsRange, condition: condition, actions: actions,
                    range: SourceRange(start, previousEnd))
    }

    mutating func parseVendors() throws(ParseFailure) -> ([VendorID], SourceRange) {
        var vendors: [VendorID] = []
        let start = current.range.start
        repeat {
            if consume(.star) {
                vendors.append(contentsOf: VendorID.allCases)
            } else if let name = current.identifier {
                let range = advance().range
                if let vendor = VendorID(rawValue: name) {
                    vendors.append(vendor)
                } else {
                    report(Self.unknownName("vendor", name, range: range, candidates: VendorID.allCases.map(\.rawValue)))
                }
            } else {
                throw fail("expected a vendor name (\(VendorID.allCases.map(\.rawValue).joined(separator: ", ")) or *)")
            }
        } while consume(.comma)
        var unique: [VendorID] = []
        for vendor in vendors where !unique.contains(vendor) { unique.append(vendor) }
        return (unique, SourceRange(start, previousEnd))
    }

    /// An "unknown X 'y'" error with a did-you-mean note and fix-it when a close name exists.
    static func unknownName(_ what: String, _ name: String, range: SourceRange, candidates: [String]) -> Diagnostic {
        guard let suggestion = Suggestion.closest(to: name, in: candidates) else {
            return .error("unknown \(what) '\(name)'", at: range,
                          notes: [DiagnosticNote("known: " + candidates.joined(separator: ", "))])
        }
        return .error("unknown \(what) '\(name)'; did you mean '\(suggestion)'?", at: range,
                      fixIts: [FixIt("use '\(suggestion)'", replacing: range, with: suggestion)])
    }

    // MARK: Actions

    mutating func parseBlock() throws(ParseFailure) -> [Action] {
        let open = advance()
        var actions: [Action] = []
        while true {
            skipNewlines()
            if consume(.rightBrace) { return actions }
            if atEnd {
                report(.error("expected '}' to close the block", at: current.range,
                              notes: [DiagnosticNote("the block opened here", at: open.range)]))
                throw ParseFailure()
            }
            do {
                actions.append(try parseAction())
                if !current.isPunctuation(.rightBrace) { try expectEndOfLine(after: "action") }
            } catch {
                synchronizeAction()
            }
        }
    }

    /// Skips to the end of the current action line inside a block, stopping before its `}`.
    mutating func synchronizeAction() {
        while !atEnd && current.kind != .newline && !current.isPunctuation(.rightBrace) { advance() }
    }

    mutating func parseAction() throws(ParseFailure) -> Action {
        let start = current.range.start
        let kind: Action.Kind
        switch current.kind {
        case .keyword(.set):
            advance()
            kind = .set(try parseAssignments())
        case .keyword(.add), .keyword(.remove):
            let verb = advance()
            guard current.identifier == "events" else {
                throw fail("only events can be \(verb.isKeyword(.add) ? "added" : "removed"): expected 'events'")
            }
            advance()
            let list = try parseExpression()
            kind = verb.isKeyword(.add) ? .addEvents(list) : .removeEvents(list)
        case .keyword(.enable):
            advance()
            kind = .enable
        case .keyword(.disable):
            advance()
            kind = .disable
        default:
            throw fail("expected an action (set, add events, remove events, enable, disable)")
        }
        return Action(kind: kind, range: SourceRange(start, previousEnd))
    }

    mutating func parseAssignments() throws(ParseFailure) -> [FieldAssignment] {
        var assignments: [FieldAssignment] = []
        repeat {
            guard let name = current.identifier else { throw fail("expected a field name") }
            let fieldRange = advance().range
            let field = resolveField(name, at: fieldRange)
            let value = try parseExpression()
            if let field { assignments.append(FieldAssignment(field: field, fieldRange: fieldRange, value: value)) }
        } while current.identifier != nil
        return assignments
    }

    /// The canonical field `name` denotes, or nil after reporting a vendor-native spelling or typo.
    mutating func resolveField(_ name: String, at range: SourceRange) -> FieldName? {
        if let field = FieldName(rawValue: name) { return field }
        report(Self.unknownField(name, at: range))
        return nil
    }

    /// "unknown field" with the canonical name for vendor-native spellings, else by edit distance.
    static func unknownField(_ name: String, at range: SourceRange) -> Diagnostic {
        if let canonical = FieldName.nativeSpellings[name] {
            return .error("'\(name)' is a vendor's own name for a field; did you mean '\(canonical)'?", at: range,
                          notes: [DiagnosticNote("scripts use canonical field names, the same for every vendor")],
                          fixIts: [FixIt("use '\(canonical)'", replacing: range, with: canonical.rawValue)])
        }
        return unknownName("field", name, range: range, candidates: FieldName.allCases.map(\.rawValue))
    }
}
