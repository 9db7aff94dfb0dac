import RehookModel

extension Parser {
    /// Parses an expression (a value or a condition).
    mutating func parseExpression() throws(ParseFailure) -> Expression {
        try nested { (parser: inout Parser) throws(ParseFailure) in try parser.parseOr() }
    }

    /// Runs `body` one nesting level deeper, failing with a diagnostic past `maxNestingDepth`.
    mutating func nested(_ body: (inout Parser) throws(ParseFailure) -> Expression) throws(ParseFailure) -> Expression {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxNestingDepth {
            report(.error("expression nested too deeply (more than \(Self.maxNestingDepth) levels)", at: current.range))
            throw ParseFailure()
        }
        return try body(&self)
    }

    mutating func parseOr() throws(ParseFailure) -> Expression {
        var left = try parseAnd()
        while consumeContinuation(.or) {
            let right = try parseAnd()
            left = Expression(.binary(.or, left, right), left.range.union(right.range))
        }
        return left
    }

    mutating func parseAnd() throws(ParseFailure) -> Expression {
        var left = try parseNot()
        while consumeContinuation(.and) {
            let right = try parseNot()
            left = Expression(.binary(.and, left, right), left.range.union(right.range))
        }
        return left
    }

    /// Consumes `keyword`, also at the start of the next line: a line starting with `and` or
    /// `or` continues the condition of the line before.
    mutating func consumeContinuation(_ keyword: Keyword) -> Bool {
        if current.kind == .newline, peek(1).isKeyword(keyword) { advance() }
        return consume(keyword)
    }

    mutating func parseNot() throws(ParseFailure) -> Expression {
        guard current.isKeyword(.not) else { return try parseComparison() }
        let start = advance().range.start
        let operand = try nested { (parser: inout Parser) throws(ParseFailure) in try parser.parseNot() }
        return Expression(.not(operand), SourceRange(start, operand.range.end))
    }

    mutating func parseComparison() throws(ParseFailure) -> Expression {
        let left = try parsePrimary()
        guard let op = try parseComparisonOperator() else { return left }
        let right = try parsePrimary()
        let range = left.range.union(right.range)
        if let operatorToken = comparisonStartToken() {
            report(.error("comparisons cannot be chained; combine them with 'and'", at: operatorToken.range))
            throw ParseFailure()
        }
        var compiled: CompiledPattern?
        if op == .matches, case .string(let pattern) = right.kind {
            do {
                compiled = try CompiledPattern(pattern)
            } catch {
                report(.error("invalid regular expression: \(error.reason)", at: right.range,
                              notes: [DiagnosticNote("patterns use ICU regular expression syntax (NSRegularExpression)")]))
            }
        }
        return Expression(.binary(op, left, right), range, compiledPattern: compiled)
    }

    /// The current token if it starts a comparison operator.
    func comparisonStartToken() -> Token? {
        switch current.kind {
        case .punctuation(.equalEqual), .punctuation(.bangEqual), .punctuation(.less), .punctuation(.lessEqual),
             .punctuation(.greater), .punctuation(.greaterEqual),
             .keyword(.contains), .keyword(.starts), .keyword(.ends), .keyword(.in), .keyword(.has), .keyword(.matches):
            current
        default: nil
        }
    }

    mutating func parseComparisonOperator() throws(ParseFailure) -> BinaryOperator? {
        guard let token = comparisonStartToken() else {
            if current.isPunctuation(.equal) {
                report(.error("'=' assigns; use '==' to compare", at: current.range,
                              fixIts: [FixIt("compare with '=='", replacing: current.range, with: "==")]))
                throw ParseFailure()
            }
            return nil
        }
        advance()
        switch token.kind {
        case .punctuation(.equalEqual): return .equal
        case .punctuation(.bangEqual): return .notEqual
        case .punctuation(.less): return .less
        case .punctuation(.lessEqual): return .lessOrEqual
        case .punctuation(.greater): return .greater
        case .punctuation(.greaterEqual): return .greaterOrEqual
        case .keyword(.contains): return .contains
        case .keyword(.in): return .in
        case .keyword(.matches): return .matches
        case .keyword(.starts), .keyword(.ends):
            guard consume(.with) else { throw fail("expected 'with' after '\(token.isKeyword(.starts) ? "starts" : "ends")'") }
            return token.isKeyword(.starts) ? .startsWith : .endsWith
        default:
            if consume(.any) { return .hasAny }
            if consume(.all) { return .hasAll }
            return .has
        }
    }

    mutating func parsePrimary() throws(ParseFailure) -> Expression {
        let token = current
        switch token.kind {
        case .string(let segments):
            advance()
            return try stringExpression(segments, range: token.range)
        case .integer(let value):
            advance()
            return Expression(.integer(value), token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(.boolean(token.isKeyword(.true)), token.range)
        case .keyword(.all):
            advance()
            return Expression(.allEvents, token.range)
        case .keyword(.not):
            return try parseNot()
        case .punctuation(.leftBracket):
            advance()
            let elements = try parseList(closing: .rightBracket, what: "list")
            return Expression(.list(elements), SourceRange(token.range.start, previousEnd))
        case .punctuation(.leftParen):
            advance()
            skipNewlinesInsideBrackets()
            let inner = try parseExpression()
            skipNewlinesInsideBrackets()
            _ = try expect(.rightParen, "to close '('")
            return Expression(inner.kind, SourceRange(token.range.start, previousEnd), compiledPattern: inner.compiledPattern)
        case .identifier(let name):
            advance()
            if current.isPunctuation(.leftParen) { return try parseCall(name, nameRange: token.range) }
            return Expression(resolveIdentifier(name), token.range)
        case .error:
            advance()
            return Expression(.invalid, token.range)
        default:
            throw fail("expected an expression")
        }
    }

    /// A `let` name before a field name; unknown names stay variables for the checker to report.
    func resolveIdentifier(_ name: String) -> Expression.Kind {
        if variables.contains(name) { return .variable(name) }
        if let field = FieldName(rawValue: name) { return .field(field) }
        return .variable(name)
    }

    mutating func parseCall(_ name: String, nameRange: SourceRange) throws(ParseFailure) -> Expression {
        advance()
        let arguments = try parseList(closing: .rightParen, what: "argument list")
        let range = SourceRange(nameRange.start, previousEnd)
        guard let builtin = Builtin(rawValue: name) else {
            report(Self.unknownName("function", name, range: nameRange, candidates: Builtin.allCases.map(\.rawValue)))
            return Expression(.invalid, range)
        }
        return Expression(.call(builtin, arguments), range)
    }

    /// Inside brackets line breaks are insignificant, except before a line starting with
    /// `for` or `let`: a bracket left open must not swallow the next statement.
    mutating func skipNewlinesInsideBrackets() {
        while current.kind == .newline {
            let next = peek(1)
            if next.isKeyword(.for) || next.isKeyword(.let) { return }
            advance()
        }
    }

    /// Comma-separated expressions up to `closing` (consumed); newlines and a trailing comma allowed.
    mutating func parseList(closing: Punctuation, what: String) throws(ParseFailure) -> [Expression] {
        var elements: [Expression] = []
        skipNewlinesInsideBrackets()
        while !consume(closing) {
            elements.append(try parseExpression())
            skipNewlinesInsideBrackets()
            if consume(.comma) {
                skipNewlinesInsideBrackets()
            } else if !current.isPunctuation(closing) {
                throw fail("expected ',' or '\(closing.rawValue)' in \(what)")
            }
        }
        return elements
    }

    /// A plain string, or an interpolation whose `${...}` parts are parsed here.
    mutating func stringExpression(_ segments: [StringSegment], range: SourceRange) throws(ParseFailure) -> Expression {
        if segments.count == 1, case .text(let text) = segments[0] { return Expression(.string(text), range) }
        var parts: [InterpolationPart] = []
        for segment in segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let inner):
                parts.append(.expression(try parseInterpolated(inner)))
            }
        }
        return Expression(.interpolation(parts), range)
    }

    mutating func parseInterpolated(_ inner: SourceRange) throws(ParseFailure) -> Expression {
        var sub = Parser(source, range: inner, variables: variables, depth: depth + 1)
        defer { diagnostics.append(contentsOf: sub.diagnostics) }
        if sub.atEnd {
            sub.report(.error("empty interpolation: write an expression inside '${}'", at: SourceRange(inner.start - 2, inner.end + 1)))
            throw ParseFailure()
        }
        let expression = try sub.parseExpression()
        guard sub.atEnd else { throw sub.fail("expected '}' to end the interpolation") }
        return expression
    }
}
