import Foundation
import RehookModel

extension Checker {
    mutating func checkAction(_ action: Action, vendors: [VendorID]) {
        switch action.kind {
        case .set(let assignments):
            for assignment in assignments { checkAssignment(assignment, vendors: vendors) }
        case .addEvents(let list), .removeEvents(let list):
            requireSettable(.events, vendors: vendors, at: action.range, verb: "change the events of")
            let type = expect(list, .list(.string), "expected a list of event names")
            if type == .allEvents { return }
            if let value = constantValue(list) { checkEvents(value, at: list.range, vendors: vendors, allowsEmpty: true) }
        case .enable, .disable:
            let verb = if case .enable = action.kind { "enabled" } else { "disabled" }
            let unable = vendors.filter { VendorSchema.of($0).spec(.enabled)?.settable != true }
            if !unable.isEmpty {
                diagnostics.append(.error("\(Self.names(unable)) webhooks cannot be \(verb) through \(unable.count == 1 ? "its" : "their") API",
                                          at: action.range,
                                          notes: [Self.restrictNote(vendors, excluding: unable)].compactMap { $0 }))
            }
        }
    }

    /// Reports the vendors of the rule that cannot set `field`; returns the specs of those that can.
    @discardableResult
    mutating func requireSettable(_ field: FieldName, vendors: [VendorID], at range: SourceRange, verb: String) -> [FieldSpec] {
        let specs = vendors.compactMap { VendorSchema.of($0).spec(field) }.filter(\.settable)
        let unable = vendors.filter { VendorSchema.of($0).spec(field)?.settable != true }
        guard !unable.isEmpty else { return specs }
        if [.id, .vendor, .account, .agent, .agentName, .username].contains(field) {
            diagnostics.append(.error("'\(field)' identifies the webhook and is read-only", at: range))
        } else {
            diagnostics.append(.error("\(Self.names(unable)) cannot \(verb) '\(field)' through \(unable.count == 1 ? "its" : "their") API",
                                      at: range, notes: [Self.restrictNote(vendors, excluding: unable)].compactMap { $0 }))
        }
        return specs
    }

    mutating func checkAssignment(_ assignment: FieldAssignment, vendors: [VendorID]) {
        let field = assignment.field
        let specs = requireSettable(field, vendors: vendors, at: assignment.fieldRange, verb: "set")
        let value = assignment.value
        guard let fieldType = specs.first?.type else {
            _ = typeOf(value)
            return
        }
        if fieldType == .secret {
            checkSecret(value)
            return
        }
        let reported = diagnostics.count
        let type = typeOf(value)
        if type == .secret {
            diagnostics.append(.error("a secret reference can only be assigned to 'secret'", at: value.range))
            return
        }
        if type == .allEvents {
            guard field == .events else {
                diagnostics.append(.error("'all' can only be assigned to 'events'", at: value.range))
                return
            }
            let unable = vendors.filter { !VendorSchema.of($0).supportsAllEvents }
            if !unable.isEmpty {
                diagnostics.append(.error("\(Self.names(unable)) \(unable.count == 1 ? "has" : "have") no \"all events\" setting; list the events instead", at: value.range,
                                          notes: [DiagnosticNote("only HeyGen distinguishes all events (null) from a list")]))
            }
            return
        }
        let expected = StaticType(fieldType)
        guard type.isCompatible(with: expected) else {
            diagnostics.append(.error("'\(field)' needs \(StaticType(fieldType) == .integer ? "an" : "a") \(fieldType), but this is \(type.withArticle)", at: value.range))
            return
        }
        guard diagnostics.count == reported, let constant = constantValue(value) else { return }
        for spec in specs { checkConstant(constant, for: spec, at: value.range, vendors: vendors) }
    }

    /// A secret must come from `env("...")` or `file("...")`; a literal gets a fix-it.
    mutating func checkSecret(_ value: Expression) {
        let type = typeOf(value)
        if type == .secret || type == .unknown {
            _ = constantValue(value)
            return
        }
        let fixIts = type == .string ? [FixIt("read it from the environment", replacing: value.range, with: "env(\"WEBHOOK_SECRET\")")] : []
        diagnostics.append(.error("a secret must come from env(\"VAR\") or file(\"path\"), never from the script itself", at: value.range,
                                  notes: [DiagnosticNote("plans and journals record only where the secret comes from")],
                                  fixIts: fixIts))
    }

    /// Range, length, enum, URL and event checks on a value known before any webhook is read.
    /// Each problem is reported once, even when several vendors share the rule.
    mutating func checkConstant(_ value: Value, for spec: FieldSpec, at range: SourceRange, vendors: [VendorID]) {
        let vendor = VendorSchema.of(vendors.first { VendorSchema.of($0).spec(spec.name) == spec } ?? .talkover).vendor
        var problems: [Diagnostic] = []
        switch (spec.type, value) {
        case (.int, .integer(let number)):
            if let allowed = spec.range, !allowed.contains(number) {
                problems.append(.error("\(vendor.displayName) '\(spec.name)' must be between \(allowed.lowerBound) and \(allowed.upperBound), got \(number)",
                                       at: range))
            }
        case (.enumeration(let allowed), .string(let text)) where !allowed.contains(text):
            let suggestion = allowed.first { $0.lowercased() == text.lowercased() } ?? Suggestion.closest(to: text, in: allowed)
            problems.append(.error("\(vendor.displayName) '\(spec.name)' must be one of \(allowed.joined(separator: ", ")); got \"\(text)\"",
                                   at: range,
                                   fixIts: suggestion.map { [FixIt("use \"\($0)\"", replacing: range, with: "\"\($0)\"")] } ?? []))
        case (.url, .string(let text)):
            problems += urlProblems(text, spec: spec, vendor: vendor, at: range)
        case (.events, .list):
            checkEvents(value, at: range, vendors: [vendor], allowsEmpty: (spec.minCount ?? 0) == 0)
        case (.stringList, .list(let elements)) where spec.name == .headers:
            for case .string(let header) in elements where !Self.isHeader(header) {
                problems.append(.error("header \(Value.quoted(header)) must be written \"Name: value\"", at: range))
            }
        default: break
        }
        if let maxLength = spec.maxLength, case .string(let text) = value, text.count > maxLength {
            problems.append(.error("\(vendor.displayName) '\(spec.name)' is at most \(maxLength) characters, this is \(text.count)", at: range))
        }
        for problem in problems { reportOnce(problem) }
    }

    /// Appends `diagnostic` unless the same message was already reported at the same range.
    mutating func reportOnce(_ diagnostic: Diagnostic) {
        if reportedProblems.insert(ReportedProblem(range: diagnostic.range, message: diagnostic.message)).inserted {
            diagnostics.append(diagnostic)
        }
    }

    func urlProblems(_ text: String, spec: FieldSpec, vendor: VendorID, at range: SourceRange) -> [Diagnostic] {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty, ["http", "https"].contains(scheme) else {
            return [.error("\(Value.quoted(text)) is not a valid http(s) URL", at: range)]
        }
        if scheme == "http" && spec.requiresHTTPS {
            let fixed = "https" + text.dropFirst(4)
            return [.error("\(vendor.displayName) requires an https URL", at: range,
                           fixIts: [FixIt("use https", replacing: range, with: Value.quoted(fixed))])]
        }
        return []
    }

    /// Event lists: strings, not empty where a vendor requires one, and within Argil's closed set.
    mutating func checkEvents(_ value: Value, at range: SourceRange, vendors: [VendorID], allowsEmpty: Bool) {
        guard let names = value.stringElements else { return }
        if names.isEmpty && !allowsEmpty {
            diagnostics.append(.error("\(Self.names(vendors)) needs at least one event", at: range))
        }
        for vendor in vendors {
            guard case .closed(let allowed) = VendorSchema.of(vendor).eventCatalogue else { continue }
            for name in names where !allowed.contains(name) {
                let suggestion = allowed.first { $0.lowercased() == name.lowercased() } ?? Suggestion.closest(to: name, in: allowed)
                let message = "\(vendor.displayName) has no event \(Value.quoted(name))" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
                reportOnce(.error(message, at: range, notes: [DiagnosticNote("\(vendor.displayName) events: " + allowed.joined(separator: ", "))]))
            }
        }
    }

    /// "Name: value" with a token-like name.
    static func isHeader(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let name = text[..<colon]
        return !name.isEmpty && name.unicodeScalars.allSatisfy { Lexer.isIdentifierContinue($0) || $0 == "-" }
    }
}
