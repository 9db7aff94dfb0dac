import RehookModel

/// The static checker: names, types, and everything each vendor's schema says about the
/// fields a rule reads and sets.
struct Checker {
    var context: CheckContext
    var diagnostics: [Diagnostic] = []
    /// The vendors of the rule being checked; nil outside rules (in `let`s).
    var ruleVendors: [VendorID]?
    /// Names declared in this file, in order, for the unused-variable warning.
    var declaredHere: [String] = []
    var declaredHereSet: Set<String> = []
    /// Values of the constants so far, for evaluating constant expressions.
    var evaluator: Evaluator
    /// (range, message) of reported vendor-value problems: several vendors of one rule
    /// share a value, and each problem is reported once.
    var reportedProblems: Set<ReportedProblem> = []

    struct ReportedProblem: Hashable {
        let range: SourceRange
        let message: String
    }
    let source: SourceFile
    /// Lines on which the parser reported errors.
    let brokenLines: Set<Int>

    init(source: SourceFile, context: CheckContext, parseDiagnostics: [Diagnostic]) {
        self.source = source
        self.context = context
        self.evaluator = Evaluator(variables: context.values)
        self.brokenLines = Set(parseDiagnostics.filter { $0.severity == .error }.map { source.location(of: $0.range.start).line })
    }

    mutating func check(_ script: Script) {
        for statement in script.statements {
            switch statement {
            case .let(let binding): checkLet(binding)
            case .rule(let rule): checkRule(rule)
            }
        }
        for name in declaredHere {
            guard let info = context.variables[name], !info.used, let range = info.declaration else { continue }
            diagnostics.append(.warning("'\(name)' is never used", at: range))
        }
    }

    mutating func checkLet(_ binding: LetBinding) {
        ruleVendors = nil
        let reported = diagnostics.count
        if let field = FieldName(rawValue: binding.name) {
            diagnostics.append(.error("'\(binding.name)' is a field name; give the variable another name", at: binding.nameRange,
                                      notes: [DiagnosticNote("inside rules '\(field)' reads the webhook's field")]))
        } else if let previous = context.variables[binding.name] {
            let notes = previous.declaration.map { [DiagnosticNote("'\(binding.name)' was first defined here", at: $0)] } ?? []
            diagnostics.append(.error("'\(binding.name)' is already defined", at: binding.nameRange, notes: notes))
        }
        let type = typeOf(binding.value)
        if type == .allEvents {
            diagnostics.append(.error("'all' only makes sense as 'set events all'", at: binding.value.range))
        }
        let value = diagnostics.count == reported ? constantValue(binding.value) : nil
        // A broken declaration is not worth an extra "never used" warning.
        let broken = diagnostics.count > reported || brokenLines.contains(source.location(of: binding.range.start).line)
        context.variables[binding.name] = VariableInfo(value: value, type: type, declaration: binding.nameRange, used: broken)
        if let value { evaluator.variables[binding.name] = value }
        if declaredHereSet.insert(binding.name).inserted { declaredHere.append(binding.name) }
    }

    mutating func checkRule(_ rule: Rule) {
        ruleVendors = rule.vendors
        if let condition = rule.condition {
            let type = typeOf(condition)
            if !type.isCompatible(with: .boolean) {
                diagnostics.append(.error("a 'where' condition must be true or false, but this is \(type.withArticle)", at: condition.range))
            }
        }
        for action in rule.actions { checkAction(action, vendors: rule.vendors) }
        ruleVendors = nil
    }

    // MARK: Constants

    /// The value of an expression that reads no fields, or nil (with any evaluation error reported).
    mutating func constantValue(_ expression: Expression) -> Value? {
        guard isConstant(expression) else { return nil }
        do {
            return try evaluator.evaluate(expression, webhook: nil)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
    }

    /// Reads no fields and refers only to variables with known values, and parsed cleanly.
    func isConstant(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .string, .integer, .boolean, .allEvents: true
        case .field, .invalid: false
        case .variable(let name): context.variables[name]?.value != nil
        case .list(let elements), .call(_, let elements): elements.allSatisfy(isConstant)
        case .interpolation(let parts):
            parts.allSatisfy { if case .expression(let inner) = $0 { isConstant(inner) } else { true } }
        case .not(let operand): isConstant(operand)
        case .binary(_, let left, let right): isConstant(left) && isConstant(right)
        }
    }

    // MARK: Expression types

    mutating func typeOf(_ expression: Expression) -> StaticType {
        switch expression.kind {
        case .string: return .string
        case .integer: return .integer
        case .boolean: return .boolean
        case .allEvents: return .allEvents
        case .invalid: return .unknown
        case .interpolation(let parts):
            for case .expression(let inner) in parts {
                let type = typeOf(inner)
                if type == .secret {
                    diagnostics.append(.error("a secret cannot be put into a string: secrets are never read by the script", at: inner.range))
                } else if ![.string, .integer, .boolean, .unknown].contains(type) {
                    diagnostics.append(.error("cannot interpolate \(type.withArticle) into a string", at: inner.range))
                }
            }
            return .string
        case .list(let elements):
            return listType(elements)
        case .variable(let name):
            return variableType(name, at: expression.range)
        case .field(let field):
            return fieldReadType(field, at: expression.range)
        case .call(let builtin, let arguments):
            return callType(builtin, arguments, at: expression.range)
        case .not(let operand):
            expect(operand, .boolean, "'not' needs a condition")
            return .boolean
        case .binary(let op, let left, let right):
            checkBinary(op, left, right, whole: expression)
            return .boolean
        }
    }

    mutating func listType(_ elements: [Expression]) -> StaticType {
        var elementType = StaticType.unknown
        for element in elements {
            let type = typeOf(element)
            if case .list = type {
                diagnostics.append(.error("lists cannot contain lists", at: element.range))
            } else if elementType == .unknown {
                elementType = type
            } else if !type.isCompatible(with: elementType) {
                diagnostics.append(.error("list elements must all have one type: expected \(elementType.withArticle), found \(type.withArticle)",
                                          at: element.range))
            }
        }
        return .list(elementType)
    }

    mutating func variableType(_ name: String, at range: SourceRange) -> StaticType {
        if var info = context.variables[name] {
            info.used = true
            context.variables[name] = info
            return info.type
        }
        if FieldName.nativeSpellings[name] != nil {
            diagnostics.append(Parser.unknownField(name, at: range))
        } else {
            let candidates = context.names + FieldName.allCases.map(\.rawValue)
            var diagnostic = Parser.unknownName("variable", name, range: range, candidates: candidates)
            diagnostic.message = diagnostic.message.replacingOccurrences(of: "unknown variable", with: "undefined variable")
            if diagnostic.fixIts.isEmpty { diagnostic.notes = [] }
            diagnostics.append(diagnostic)
        }
        return .unknown
    }

    /// The type of reading `field` in the current rule; every vendor of the rule must reveal it.
    mutating func fieldReadType(_ field: FieldName, at range: SourceRange) -> StaticType {
        guard let vendors = ruleVendors else {
            diagnostics.append(.error("field '\(field)' can only be read inside a rule ('let' values are constants)", at: range))
            return .unknown
        }
        let missing = vendors.filter { VendorSchema.of($0).spec(field) == nil }
        let hidden = vendors.filter { VendorSchema.of($0).spec(field)?.readable == false }
        if !missing.isEmpty {
            diagnostics.append(.error("\(Self.names(missing)) webhooks have no field '\(field)'", at: range,
                                      notes: [Self.restrictNote(vendors, excluding: missing)].compactMap { $0 }))
        }
        if !hidden.isEmpty {
            diagnostics.append(.error("\(Self.names(hidden)) does not reveal '\(field)' when listing webhooks, so rules cannot read it",
                                      at: range))
        }
        guard let spec = vendors.lazy.compactMap({ VendorSchema.of($0).spec(field) }).first else { return .unknown }
        return StaticType(spec.type)
    }

    mutating func callType(_ builtin: Builtin, _ arguments: [Expression], at range: SourceRange) -> StaticType {
        if arguments.count != builtin.arity {
            diagnostics.append(.error("\(builtin.signature) takes \(builtin.arity) argument\(builtin.arity == 1 ? "" : "s"), got \(arguments.count)",
                                      at: range))
        }
        for argument in arguments { expect(argument, .string, "\(builtin.rawValue) expects a string") }
        if (builtin == .env || builtin == .file), let argument = arguments.first, !isConstant(argument) {
            diagnostics.append(.error("\(builtin.rawValue) needs a constant name so that the plan can record it", at: argument.range))
        }
        return builtin == .env || builtin == .file ? .secret : .string
    }

    /// Reports when `expression` is not of `type`; returns its actual type.
    @discardableResult
    mutating func expect(_ expression: Expression, _ type: StaticType, _ what: String) -> StaticType {
        let actual = typeOf(expression)
        if !actual.isCompatible(with: type) {
            diagnostics.append(.error("\(what), but this is \(actual.withArticle)", at: expression.range))
        }
        return actual
    }

    mutating func checkBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, whole: Expression) {
        switch op {
        case .and, .or:
            expect(left, .boolean, "'\(op.rawValue)' needs conditions on both sides")
            expect(right, .boolean, "'\(op.rawValue)' needs conditions on both sides")
            return
        default: break
        }
        let lhs = typeOf(left)
        let rhs = typeOf(right)
        let needs: String? = switch op {
        case .equal, .notEqual:
            lhs.isCompatible(with: rhs) ? nil : "'\(op.rawValue)' compares values of one type"
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            lhs.isCompatible(with: rhs) && [.integer, .string, .unknown].contains(lhs) ? nil : "'\(op.rawValue)' compares two integers or two strings"
        case .startsWith, .endsWith, .matches:
            lhs.isCompatible(with: .string) && rhs.isCompatible(with: .string) ? nil : "'\(op.rawValue)' needs strings on both sides"
        case .contains:
            lhs.isCompatible(with: .string) && rhs.isCompatible(with: .string) || lhs.isCompatible(with: .list(rhs))
                ? nil : "'contains' needs a string and a substring, or a list and an element"
        case .in:
            rhs.isCompatible(with: .list(lhs)) ? nil : "'in' needs a list on its right whose elements match its left"
        case .has:
            lhs.isCompatible(with: .list(rhs)) ? nil : "'has' needs a list on its left and an element on its right"
        case .hasAny, .hasAll:
            lhs.isCompatible(with: .list(.unknown)) && lhs.isCompatible(with: rhs) ? nil : "'\(op.rawValue)' needs two lists"
        case .and, .or: nil
        }
        if let needs, lhs != .unknown || rhs != .unknown {
            diagnostics.append(.error("\(needs); found \(lhs.withArticle) and \(rhs.withArticle)", at: whole.range))
        } else if [.equal, .notEqual, .in].contains(op), case .field(let field) = left.kind {
            warnOnImpossibleEnumValue(field, compared: right)
        }
    }

    /// `version == "v4"` can never hold: warn when a constant is outside a field's enum.
    mutating func warnOnImpossibleEnumValue(_ field: FieldName, compared right: Expression) {
        guard let vendors = ruleVendors, let value = right.literalValue else { return }
        let allowed = Set(vendors.compactMap { vendor -> [String]? in
            if case .enumeration(let values)? = VendorSchema.of(vendor).spec(field)?.type { values } else { nil }
        }.joined())
        guard !allowed.isEmpty else { return }
        let candidates: [String] = if case .string(let text) = value { [text] } else { value.stringElements ?? [] }
        for candidate in candidates where !allowed.contains(candidate) {
            diagnostics.append(.warning("\(Value.quoted(candidate)) is never a value of '\(field)' (one of \(allowed.sorted().joined(separator: ", ")))",
                                        at: right.range))
        }
    }

    // MARK: Wording

    /// "HeyGen", "HeyGen and JoggAI", "Argil, HeyGen and JoggAI".
    static func names(_ vendors: [VendorID]) -> String {
        let names = vendors.map(\.displayName)
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }

    /// "restrict the rule to: for vendor talkover" when some of the rule's vendors remain.
    static func restrictNote(_ vendors: [VendorID], excluding: [VendorID]) -> DiagnosticNote? {
        let remaining = vendors.filter { !excluding.contains($0) }
        guard !remaining.isEmpty else { return nil }
        return DiagnosticNote("restrict the rule to the vendors that have it: for vendor " + remaining.map(\.rawValue).joined(separator: ", "))
    }
}
