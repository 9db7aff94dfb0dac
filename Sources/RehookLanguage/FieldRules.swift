import Foundation
import RehookModel

/// One way a value breaks what a vendor documents for a field.
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

/// The documented limits of vendor fields (ranges, enums, https, lengths, event catalogues),
/// shared by the static checker (on constants) and the evaluator (on computed values).
public enum FieldRules {
    /// What is wrong with `value` as the value of `spec` at `vendor`; empty when acceptable.
    public static func violations(of value: Value, for spec: FieldSpec, at vendor: VendorID) -> [FieldViolation] {
        let label = "\(vendor.displayName) '\(spec.name)'"
        var violations: [FieldViolation] = []
        switch (spec.type, value) {
        case (.int, .integer(let number)):
            if let allowed = spec.range, !allowed.contains(number) {
                violations.append(FieldViolation("\(label) must be between \(allowed.lowerBound) and \(allowed.upperBound), got \(number)"))
            }
        case (.enumeration(let allowed), .string(let text)) where !allowed.contains(text):
            let suggestion = allowed.first { $0.lowercased() == text.lowercased() } ?? Suggestion.closest(to: text, in: allowed)
            violations.append(FieldViolation("\(label) must be one of \(allowed.joined(separator: ", ")); got \(Value.quoted(text))",
                                             replacement: suggestion.map(Value.quoted)))
        case (.url, .string(let text)):
            violations += urlViolations(text, requiresHTTPS: spec.requiresHTTPS, vendor: vendor)
        case (.events, .list):
            violations += eventViolations(value.stringElements ?? [], at: vendor, requireOne: (spec.minCount ?? 0) > 0)
        case (.stringList, .list(let elements)) where spec.name == .headers:
            for case .string(let header) in elements where !isHeader(header) {
                violations.append(FieldViolation("header \(Value.quoted(header)) must be written \"Name: value\""))
            }
        default: break
        }
        if let maxLength = spec.maxLength, case .string(let text) = value, text.count > maxLength {
            violations.append(FieldViolation("\(label) is at most \(maxLength) characters, this is \(text.count)"))
        }
        return violations
    }

    /// Unknown names in a closed event catalogue (Argil), and an empty list where one is required.
    public static func eventViolations(_ names: [String], at vendor: VendorID, requireOne: Bool) -> [FieldViolation] {
        var violations: [FieldViolation] = []
        if names.isEmpty && requireOne { violations.append(FieldViolation("\(vendor.displayName) needs at least one event")) }
        guard case .closed(let allowed) = VendorSchema.of(vendor).eventCatalogue else { return violations }
        for name in names where !allowed.contains(name) {
            let suggestion = allowed.first { $0.lowercased() == name.lowercased() } ?? Suggestion.closest(to: name, in: allowed)
            violations.append(FieldViolation(
                "\(vendor.displayName) has no event \(Value.quoted(name))" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""),
                note: "\(vendor.displayName) events: " + allowed.joined(separator: ", ")))
        }
        return violations
    }

    static func urlViolations(_ text: String, requiresHTTPS: Bool, vendor: VendorID) -> [FieldViolation] {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty, ["http", "https"].contains(scheme) else {
            return [FieldViolation("\(Value.quoted(text)) is not a valid http(s) URL")]
        }
        if scheme == "http" && requiresHTTPS {
            return [FieldViolation("\(vendor.displayName) requires an https URL", replacement: Value.quoted("https" + text.dropFirst(4)),
                                   replacementMessage: "use https")]
        }
        return []
    }

    /// "Name: value" with a token-like name.
    static func isHeader(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let name = text[..<colon]
        return !name.isEmpty && name.unicodeScalars.allSatisfy { Lexer.isIdentifierContinue($0) || $0 == "-" }
    }
}
