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
            if let names = constantValue(list)?.stringElements {
                for vendor in vendors { report(FieldRules.eventViolations(names, at: vendor), at: list.range) }
            }
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
                                          notes: [Self.allEventsNote].compactMap { $0 }))
            }
            return
        }
        let expected = StaticType(fieldType)
        guard type.isCompatible(with: expected) else {
            diagnostics.append(.error("'\(field)' needs \(StaticType(fieldType) == .integer ? "an" : "a") \(fieldType), but this is \(type.withArticle)", at: value.range))
            return
        }
        guard diagnostics.count == reported, let constant = constantValue(value) else { return }
        checkConstant(constant, field: field, at: value.range, vendors: vendors)
    }

    /// "only HeyGen distinguishes all events (null) from a list": the registered vendors whose
    /// schema has an "all events" setting; `nil` when none has.
    static var allEventsNote: DiagnosticNote? {
        let able = VendorID.allCases.filter { VendorSchema.of($0).supportsAllEvents }
        guard !able.isEmpty else { return nil }
        return DiagnosticNote("only \(names(able)) \(able.count == 1 ? "distinguishes" : "distinguish") all events (null) from a list")
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
    /// Each problem is reported once, even when several vendors of the rule share it.
    mutating func checkConstant(_ value: Value, field: FieldName, at range: SourceRange, vendors: [VendorID]) {
        if field == .url, case .string(let url) = value, URLCredentials.containsCredential(url) {
            reportOnce(.warning("this URL carries a credential written in the script; every output masks it, "
                                    + "but the script and the saved plan hold it", at: range,
                                notes: [DiagnosticNote("keep the script private, or take the credential out of the URL "
                                                       + "(a header or the webhook secret) where the vendor allows it")]))
        }
        for vendor in vendors {
            guard let spec = VendorSchema.of(vendor).spec(field), spec.settable else { continue }
            report(FieldRules.violations(of: value, for: spec, at: vendor), at: range)
        }
    }

    /// Reports violations as errors, a replacement as a fix-it.
    mutating func report(_ violations: [FieldViolation], at range: SourceRange) {
        for violation in violations {
            reportOnce(.error(violation.message, at: range, notes: violation.note.map { [DiagnosticNote($0)] } ?? [],
                              fixIts: violation.replacement.map { [FixIt(violation.replacementMessage, replacing: range, with: $0)] } ?? []))
        }
    }

    /// Appends `diagnostic` unless the same message was already reported at the same range.
    mutating func reportOnce(_ diagnostic: Diagnostic) {
        if reportedProblems.insert(ReportedProblem(range: diagnostic.range, message: diagnostic.message)).inserted {
            diagnostics.append(diagnostic)
        }
    }
}
