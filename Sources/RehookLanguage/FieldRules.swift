import Foundation
import RehookModel

/// A `ValueViolation` as the checker reports it.
public struct FieldViolation: Sendable, Hashable {
    public let message: String
    /// A corrected literal (source text) to offer as a fix-it, when there is an obvious one.
    public let replacement: String?
    /// What the replacement does, e.g. "use https".
    public let replacementMessage: String
    public let note: String?

    init(_ message: String, replacement: String? = nil, replacementMessage: String? = nil, note: String? = nil) {
        self.message = message
        self.replacement = replacement
        self.replacementMessage = replacementMessage ?? replacement.map { "use \($0)" } ?? ""
        self.note = note
    }
}

/// The checker's wording of the value rules (`ValueRules` in RehookModel, which the planner
/// applies to computed values): messages with the script's quoting, suggestions and fix-its.
public enum FieldRules {
    /// What is wrong with `value` as the value of `spec` at `vendor`; empty when acceptable.
    public static func violations(of value: Value, for spec: FieldSpec, at vendor: VendorID) -> [FieldViolation] {
        guard let fieldValue = value.fieldValue(for: spec.type) else { return [] }
        let label = "\(vendor.displayName) '\(spec.name)'"
        var violations: [FieldViolation] = []
        for violation in ValueRules.violations(of: fieldValue, for: spec, at: vendor) {
            switch violation {
            case .outOfRange(let allowed, let number):
                violations.append(FieldViolation("\(label) must be between \(allowed.lowerBound) and \(allowed.upperBound), got \(number)"))
            case .notAllowed(let text, let allowed):
                violations.append(FieldViolation("\(label) must be one of \(allowed.joined(separator: ", ")); got \(Value.quoted(text))",
                                                 replacement: closest(to: text, in: allowed).map(Value.quoted)))
            case .invalidURL(let text):
                violations.append(FieldViolation("\(Value.quoted(text)) is not a valid http(s) URL"))
            case .notHTTPS(let text):
                violations.append(FieldViolation("\(vendor.displayName) requires an https URL",
                                                 replacement: Value.quoted("https" + text.dropFirst(4)), replacementMessage: "use https"))
            case .notPublic(_, let reason):
                violations.append(FieldViolation("\(vendor.displayName) requires a public https URL; this one points at \(reason)"))
            case .allEventsUnsupported:
                violations.append(FieldViolation("\(vendor.displayName) has no \"all events\" setting"))
            case .tooFewEvents(let minimum, _):
                violations.append(FieldViolation("\(vendor.displayName) needs at least \(minimum == 1 ? "one event" : "\(minimum) events")"))
            case .malformedHeader(let header):
                violations.append(FieldViolation("header \(Value.quoted(header)) must be written \"Name: value\""))
            case .tooLong(let maximum, let length):
                violations.append(FieldViolation("\(label) is at most \(maximum) characters, this is \(length)"))
            }
        }
        if case .events(.list(let names)) = fieldValue { violations += eventViolations(names, at: vendor) }
        return violations
    }

    /// Names outside the vendor's closed event catalogue (Argil); none where catalogues are live.
    public static func eventViolations(_ names: [String], at vendor: VendorID) -> [FieldViolation] {
        guard let allowed = ValueRules.closedEventCatalogue(of: vendor) else { return [] }
        return ValueRules.unknownEvents(names, catalogue: Set(allowed)).map { name in
            FieldViolation("\(vendor.displayName) has no event \(Value.quoted(name))"
                               + (closest(to: name, in: allowed).map { "; did you mean \"\($0)\"?" } ?? ""),
                           note: "\(vendor.displayName) events: " + allowed.joined(separator: ", "))
        }
    }

    /// The allowed value differing only in case, or else the closest spelling.
    private static func closest(to text: String, in allowed: [String]) -> String? {
        allowed.first { $0.lowercased() == text.lowercased() } ?? Suggestion.closest(to: text, in: allowed)
    }
}
