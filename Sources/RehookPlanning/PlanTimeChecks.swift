import Foundation
import RehookLanguage
import RehookModel

/// Checks on computed values that the static checker cannot do: they depend on the webhook
/// (computed URLs, lengths, ranges) or on the account (its live event catalogue). The rules
/// are `ValueRules`, the checker's too; this is their wording for a computed value.
enum PlanTimeChecks {
    /// Throws the first thing the vendor would reject about `value` for the field `spec`.
    static func check(_ value: FieldValue, spec: FieldSpec, context: AccountContext,
                      at range: SourceRange) throws(PlanTimeProblem) {
        guard let violation = ValueRules.violations(of: value, for: spec, at: context.vendor).first else { return }
        let vendor = context.vendor.displayName
        let (category, message): (String, String) = switch violation {
        case .outOfRange(let allowed, let number):
            ("range", "\(vendor) '\(spec.name)' must be between \(allowed.lowerBound) and \(allowed.upperBound); the computed value is \(number)")
        case .notAllowed(let text, let allowed):
            ("enumeration", "\(vendor) '\(spec.name)' must be one of \(allowed.joined(separator: ", ")); the computed value is \(quoted(text))")
        case .invalidURL(let text):
            ("invalid-url", "computed URL \(quoted(text)) is not a valid http(s) URL with a host")
        case .notHTTPS(let text):
            ("not-https", "computed URL \(quoted(text)) is not https; \(vendor) requires https")
        case .notPublic(let text, let reason):
            ("not-public", "computed URL \(quoted(text)) points at \(reason); \(vendor) requires a public https URL")
        case .allEventsUnsupported:
            ("all-events", "\(vendor) has no \"all events\" setting; list the events instead")
        case .tooFewEvents(let minimum, let found):
            ("min-count", "\(vendor) needs at least \(minimum) event\(minimum == 1 ? "" : "s"); the computed list has \(found)")
        case .malformedHeader(let header):
            ("header", "header \(quoted(header)) must be written \"Name: value\"")
        case .tooLong(let maximum, let length):
            ("max-length", "\(vendor) '\(spec.name)' is at most \(maximum) characters; the computed value has \(length)")
        }
        throw PlanTimeProblem(.error, at: range, category: category, message)
    }

    /// Every name in `names` is in the account's event catalogue (when it is known).
    static func checkCatalogue(_ names: [String], context: AccountContext, at range: SourceRange) throws(PlanTimeProblem) {
        guard let catalogue = context.catalogue,
              let unknown = ValueRules.unknownEvents(names, catalogue: catalogue).first else { return }
        throw unknownEvent(unknown, context: context, at: range, severity: .error, consequence: "")
    }

    /// "JoggAI account 'prod' has no event "x"", with a case-insensitive suggestion and the catalogue.
    static func unknownEvent(_ name: String, context: AccountContext, at range: SourceRange,
                             severity: DiagnosticSeverity, consequence: String) -> PlanTimeProblem {
        let owner: String = if case .closed = context.schema.eventCatalogue {
            context.vendor.displayName
        } else {
            "\(context.vendor.displayName) account '\(context.account)'"
        }
        let suggestion = context.catalogueList.first { $0.lowercased() == name.lowercased() }
        let message = "\(owner) has no event \(quoted(name))" + (suggestion.map { "; did you mean \(quoted($0))?" } ?? "") + consequence
        let shown = context.catalogueList.prefix(12).joined(separator: ", ")
        let more = context.catalogueList.count > 12 ? ", … (\(context.catalogueList.count) in all)" : ""
        return PlanTimeProblem(severity, at: range, category: "unknown-event:\(context.vendor)/\(context.account)/\(name)",
                               message, notes: ["\(context.vendor.displayName) events: \(shown)\(more)"])
    }

    /// A string as the script would write it, shortened when long.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 80 ? text.prefix(77) + "…" : Substring(text)
        return "'" + shown + "'"
    }
}

/// `add events` and `remove events` on an event selection.
///
/// - Adding to "all events" leaves it "all events" (nothing is missing from it).
/// - `add events all` means "all events" where the vendor has that setting.
/// - Removing from "all events" is an error: rehook cannot know the full list; set an
///   explicit list instead. `remove events all` is an error too.
enum EventEditing {
    static func adding(_ value: Value, to events: EventSelection, at range: SourceRange,
                       context: AccountContext) throws(PlanTimeProblem) -> EventSelection {
        if case .allEvents = value { return .all }
        let added = try names(value, at: range)
        guard case .list(var names) = events else { return .all }
        var present = Set(names)
        for name in added where present.insert(name).inserted { names.append(name) }
        return .list(names)
    }

    static func removing(_ value: Value, from events: EventSelection, at range: SourceRange, context: AccountContext,
                         log: inout ProblemLog, webhook: WebhookKey) throws(PlanTimeProblem) -> EventSelection {
        if case .allEvents = value {
            throw PlanTimeProblem(.error, at: range, category: "remove-all",
                                  "cannot remove all events; set an explicit list of events instead")
        }
        let removed = Set(try names(value, at: range))
        guard case .list(let names) = events else {
            throw PlanTimeProblem(.error, at: range, category: "remove-from-all",
                                  "cannot remove events from a webhook that receives all events; set an explicit list instead")
        }
        if let catalogue = context.catalogue {
            for name in removed.sorted() where !catalogue.contains(name) && !names.contains(name) {
                log.record(PlanTimeChecks.unknownEvent(name, context: context, at: range, severity: .warning,
                                                       consequence: "; removing it changes nothing"),
                           webhook: webhook)
            }
        }
        return .list(names.filter { !removed.contains($0) })
    }

    private static func names(_ value: Value, at range: SourceRange) throws(PlanTimeProblem) -> [String] {
        guard let names = value.stringElements else {
            throw PlanTimeProblem(.error, at: range, category: "type",
                                  "expected a list of event names, but the computed value is a \(value.typeName)")
        }
        return names
    }
}
