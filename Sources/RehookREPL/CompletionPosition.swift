import RehookLanguage
import RehookModel

/// Where in a statement the cursor is, as far as completion cares.
enum CompletionPosition: Equatable {
    case statementStart
    case afterFor
    case vendorName
    case afterVendors([VendorID])
    /// An operand of an expression; `vendors` nil outside rules (a `let` value reads no fields).
    case operand(vendors: [VendorID]?)
    case afterOperand(vendors: [VendorID]?)
    case action(vendors: [VendorID], inBlock: Bool)
    case settableField([VendorID])
    case value(FieldName, vendors: [VendorID])
    case afterValue(vendors: [VendorID], inBlock: Bool)
    /// Event names of these vendors.
    case events([VendorID])
    /// After `events has`: an event name, `any` or `all`.
    case afterHas([VendorID])
    case words([String])
    case nothing

    static let conditionOperators = ["and", "or", "contains", "starts", "ends", "matches", "in", "has", "==", "!="]

    /// The words that fit here (before filtering by what has been typed).
    func candidates(context: CompletionContext) -> [String] {
        let expressionStarters = context.variables + Frontend.builtinNames.filter { $0 != "env" && $0 != "file" }
        switch self {
        case .statementStart: return ["for", "let"]
        case .afterFor: return ["vendor"]
        case .vendorName: return VendorID.allCases.map(\.rawValue) + ["*"]
        case .afterVendors(let vendors): return ["where", "{"] + Self.actions(vendors)
        case .operand(let vendors):
            return expressionStarters + ["not", "true", "false", "["] + Self.readableFields(vendors ?? [])
        case .afterOperand(let vendors):
            return Self.conditionOperators + (vendors.map { ["{"] + Self.actions($0) } ?? [])
        case .action(let vendors, let inBlock): return Self.actions(vendors) + (inBlock ? ["}"] : [])
        case .settableField(let vendors): return Self.settableFields(vendors)
        case .value(let field, let vendors): return Self.values(for: field, vendors: vendors, context: context)
        case .afterValue(let vendors, let inBlock): return Self.settableFields(vendors) + (inBlock ? ["}"] : [])
        case .events(let vendors): return context.events(of: vendors).map { "\"\($0)\"" }
        case .afterHas(let vendors): return ["any", "all"] + CompletionPosition.events(vendors).candidates(context: context)
        case .words(let words): return words
        case .nothing: return []
        }
    }

    /// Fields every one of `vendors` reveals when listing.
    static func readableFields(_ vendors: [VendorID]) -> [String] {
        common(vendors) { $0.readable }
    }

    /// Fields every one of `vendors` can update.
    static func settableFields(_ vendors: [VendorID]) -> [String] {
        common(vendors) { $0.settable }
    }

    private static func common(_ vendors: [VendorID], _ include: (FieldSpec) -> Bool) -> [String] {
        guard let first = vendors.first else { return [] }
        func fieldsOf(_ vendor: VendorID) -> Set<FieldName> {
            Set(VendorSchema.of(vendor).fields.values.filter(include).map(\.name))
        }
        return vendors.dropFirst().reduce(fieldsOf(first)) { $0.intersection(fieldsOf($1)) }.sorted().map(\.rawValue)
    }

    /// The actions every one of `vendors` supports.
    static func actions(_ vendors: [VendorID]) -> [String] {
        let settable = Set(settableFields(vendors))
        return ["set"] + (settable.contains("events") ? ["add", "remove"] : [])
            + (settable.contains("enabled") ? ["enable", "disable"] : [])
    }

    /// The values `field` may take at `vendors`, when it is an enumeration.
    static func enumerationValues(_ field: FieldName, vendors: [VendorID]) -> [String] {
        guard case .enumeration(let allowed)? = vendors.compactMap({ VendorSchema.of($0).spec(field) }).first?.type else { return [] }
        return allowed
    }

    private static func values(for field: FieldName, vendors: [VendorID], context: CompletionContext) -> [String] {
        let specs = vendors.compactMap { VendorSchema.of($0).spec(field) }
        let general = context.variables + Frontend.builtinNames.filter { $0 != "env" && $0 != "file" }
            + readableFields(vendors)
        switch specs.first?.type {
        case .secret: return ["env", "file"] + context.variables
        case .bool: return ["true", "false"] + general
        case .enumeration: return enumerationValues(field, vendors: vendors).map { "\"\($0)\"" } // never a field name
        case .events:
            let all = vendors.allSatisfy { VendorSchema.of($0).supportsAllEvents }
            return (all ? ["all"] : []) + ["["] + general
        default: return general
        }
    }
}

/// Reads the statement being typed (an unfinished prefix) far enough to know the position.
struct StatementContext {
    let position: CompletionPosition

    init(_ text: String) {
        let tokens = Lexer.tokens(of: text).tokens.filter { $0.kind != .endOfFile }
        position = Self.position(in: Array(tokens[Self.statementStart(tokens)...]))
    }

    /// The index after the last line break outside any bracket.
    private static func statementStart(_ tokens: [Token]) -> Int {
        var depth = 0
        var start = 0
        for (index, token) in tokens.enumerated() {
            depth += token.bracketDelta
            if token.kind == .newline, depth <= 0 {
                depth = 0
                start = index + 1
            }
        }
        return start
    }

    private static func position(in tokens: [Token]) -> CompletionPosition {
        guard let first = tokens.first else { return .statementStart }
        switch first.kind {
        case .keyword(.let):
            guard let equal = tokens.firstIndex(where: { $0.kind == .punctuation(.equal) }) else { return .nothing }
            return expressionPosition(tokens[(equal + 1)...], vendors: nil)
        case .keyword(.for):
            return rulePosition(tokens.dropFirst())
        default:
            return .nothing
        }
    }

    private static func rulePosition(_ tokens: ArraySlice<Token>) -> CompletionPosition {
        guard let vendorWord = tokens.first else { return .afterFor }
        guard vendorWord.kind == .identifier("vendor") else { return .nothing }
        var index = tokens.index(after: tokens.startIndex)
        var vendors: [VendorID] = []
        var expectingVendor = true
        while index < tokens.endIndex {
            let token = tokens[index]
            if expectingVendor, case .identifier(let name) = token.kind {
                vendors += VendorID(rawValue: name).map { [$0] } ?? []
            } else if expectingVendor, token.kind == .punctuation(.star) {
                vendors += VendorID.allCases
            } else if !expectingVendor, token.kind == .punctuation(.comma) {
                expectingVendor = true
                index += 1
                continue
            } else {
                break
            }
            expectingVendor = false
            index += 1
        }
        if index == tokens.endIndex { return expectingVendor ? .vendorName : .afterVendors(vendors) }
        var body = tokens[index...]
        if body.first?.kind == .keyword(.where) {
            let condition = body.dropFirst()
            var depth = 0
            let end = condition.firstIndex { token in
                let outside = depth == 0
                depth += token.bracketDelta
                return outside && (token.kind == .punctuation(.leftBrace) || token.isActionKeyword)
            }
            guard let end else { return expressionPosition(condition, vendors: vendors) }
            body = tokens[end...]
        }
        return bodyPosition(body, vendors: vendors)
    }

    private static func bodyPosition(_ body: ArraySlice<Token>, vendors: [VendorID]) -> CompletionPosition {
        guard body.first?.kind == .punctuation(.leftBrace) else { return actionPosition(body, vendors: vendors, inBlock: false) }
        var depth = 0
        var actionStart = body.index(after: body.startIndex)
        for index in actionStart..<body.endIndex {
            let token = body[index]
            depth += token.bracketDelta
            if depth < 0 { return .nothing } // the block is closed
            if depth == 0, token.kind == .newline { actionStart = index + 1 }
        }
        return actionPosition(body[actionStart...], vendors: vendors, inBlock: true)
    }

    private static func actionPosition(_ tokens: ArraySlice<Token>, vendors: [VendorID], inBlock: Bool) -> CompletionPosition {
        guard let first = tokens.first else { return .action(vendors: vendors, inBlock: inBlock) }
        switch first.kind {
        case .keyword(.set):
            return assignmentPosition(tokens.dropFirst(), vendors: vendors, inBlock: inBlock)
        case .keyword(.add), .keyword(.remove):
            let rest = tokens.dropFirst()
            guard let eventsWord = rest.first else { return .words(["events"]) }
            guard eventsWord.kind == .identifier("events") else { return .nothing }
            let last = rest.last?.kind
            return last == .identifier("events") || last == .punctuation(.leftBracket) || last == .punctuation(.comma)
                ? .events(vendors) : .nothing
        default:
            return .nothing
        }
    }

    private static func assignmentPosition(_ tokens: ArraySlice<Token>, vendors: [VendorID], inBlock: Bool) -> CompletionPosition {
        guard let last = tokens.last else { return .settableField(vendors) }
        let depth = tokens.reduce(0) { $0 + $1.bracketDelta }
        let previous = tokens.dropLast().last
        if depth == 0, case .identifier(let name) = last.kind, let field = FieldName(rawValue: name),
           previous.map(\.endsOperand) ?? true {
            return .value(field, vendors: vendors)
        }
        if last.kind == .punctuation(.leftBracket) || last.kind == .punctuation(.comma),
           let open = innermostOpenBracket(tokens), open > tokens.startIndex,
           tokens[open].kind == .punctuation(.leftBracket), tokens[open - 1].kind == .identifier(FieldName.events.rawValue) {
            return .events(vendors) // `set events [` and `set events ["a", `
        }
        if last.endsOperand { return depth == 0 ? .afterValue(vendors: vendors, inBlock: inBlock) : .nothing }
        return .operand(vendors: vendors)
    }

    private static func expressionPosition(_ tokens: ArraySlice<Token>, vendors: [VendorID]?) -> CompletionPosition {
        guard let last = tokens.last else { return .operand(vendors: vendors) }
        let previous = tokens.dropLast().last
        switch last.kind {
        case .keyword(.starts), .keyword(.ends): return .words(["with"])
        case .keyword(.has): return vendors.map { .afterHas($0) } ?? .nothing
        case .keyword(.any) where previous?.kind == .keyword(.has), .keyword(.all) where previous?.kind == .keyword(.has):
            return .words(["["])
        case .punctuation(.leftBracket), .punctuation(.comma):
            if let vendors, Self.listFollowsHas(tokens) { return .events(vendors) }
        default: break
        }
        return last.endsOperand ? .afterOperand(vendors: vendors) : .operand(vendors: vendors)
    }

    /// The innermost open `[` comes right after `has any` / `has all`.
    private static func listFollowsHas(_ tokens: ArraySlice<Token>) -> Bool {
        guard let open = innermostOpenBracket(tokens) else { return false }
        let before = tokens[tokens.startIndex..<open].suffix(2).map(\.kind)
        return before.first == .keyword(.has) && (before.last == .keyword(.any) || before.last == .keyword(.all))
    }

    /// The index of the innermost bracket still open at the end of `tokens`.
    private static func innermostOpenBracket(_ tokens: ArraySlice<Token>) -> Int? {
        var depth = 0
        for index in tokens.indices.reversed() {
            depth += tokens[index].bracketDelta
            if depth > 0 { return index }
        }
        return nil
    }
}

extension Token {
    /// +1 for an opening bracket, -1 for a closing one.
    var bracketDelta: Int {
        switch kind {
        case .punctuation(.leftBrace), .punctuation(.leftBracket), .punctuation(.leftParen): 1
        case .punctuation(.rightBrace), .punctuation(.rightBracket), .punctuation(.rightParen): -1
        default: 0
        }
    }

    var isActionKeyword: Bool {
        [.keyword(.set), .keyword(.add), .keyword(.remove), .keyword(.enable), .keyword(.disable)].contains(kind)
    }

    /// The token can end an operand (a value is complete after it).
    var endsOperand: Bool {
        switch kind {
        case .identifier, .string, .integer, .keyword(.true), .keyword(.false), .keyword(.all),
             .punctuation(.rightParen), .punctuation(.rightBracket): true
        default: false
        }
    }
}
