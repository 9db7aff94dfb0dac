import Testing
import RehookLanguage
import RehookModel
@testable import RehookPlanning

/// The checker (a value written in the script) and the planner (the same value computed from the
/// webhook, which the checker cannot see) apply one set of value rules, so they agree on every value.
@Suite("Checker and planner agree on values")
struct ValueRulesAgreementTests {
    typealias F = PlannerFixtures

    enum Written: Sendable {
        case string(String)
        case strings([String])
        /// Computed at plan time from the webhook's `max_retries` (Talkover only).
        case int(Int)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let vendor: VendorID
        let field: FieldName
        let value: Written
        let accepted: Bool
        var testDescription: String { "\(vendor) \(field) \(value) \(accepted ? "accepted" : "refused")" }

        init(_ vendor: VendorID, _ field: FieldName, _ value: Written, accepted: Bool) {
            self.vendor = vendor
            self.field = field
            self.value = value
            self.accepted = accepted
        }

        /// `set FIELD VALUE` with the value as a literal: judged by the checker.
        var literalScript: String {
            let literal = switch value {
            case .string(let text): quoted(text)
            case .strings(let items): "[" + items.map(quoted).joined(separator: ", ") + "]"
            case .int(let number): String(number)
            }
            return "for vendor \(vendor) set \(field) \(literal)"
        }

        /// `set FIELD VALUE` with the value computed from the webhook: judged by the planner.
        var computedScript: String {
            let computed = switch value {
            case .string(let text): "replace(url, url, \(quoted(text)))"
            case .strings(let items): "[" + items.map { "replace(url, url, \(quoted($0)))" }.joined(separator: ", ") + "]"
            case .int: "max_retries"
            }
            return "for vendor \(vendor) set \(field) \(computed)"
        }

        var webhook: Webhook {
            switch vendor {
            case .argil: F.argil("a_1")
            case .jogg: F.jogg("j_1")
            case .talkover: if case .int(let number) = value { F.talkover("t_1", maxRetries: number) } else { F.talkover("t_1") }
            case .heygen: F.heygen("h_1")
            case .composio: F.composio("c_1")
            default: fatalError("no fixture webhook for \(vendor)")
            }
        }

        private func quoted(_ text: String) -> String { "\"" + text + "\"" }
    }

    static let cases: [Case] = [
        Case(.talkover, .headers, .strings(["X-Team: support"]), accepted: true),
        Case(.talkover, .headers, .strings(["X.Trace+Id: 1"]), accepted: true),
        Case(.talkover, .headers, .strings(["Ünïcode-Name: 1"]), accepted: false),
        Case(.talkover, .headers, .strings(["X-名前: 1"]), accepted: false),
        Case(.talkover, .headers, .strings(["X Team: 1"]), accepted: false),
        Case(.talkover, .headers, .strings([": no name"]), accepted: false),
        Case(.talkover, .headers, .strings(["X-Team support"]), accepted: false),
        Case(.talkover, .headers, .strings(["X-A: 1", "X(B): 2"]), accepted: false),
        Case(.talkover, .timeout, .int(5), accepted: true),
        Case(.talkover, .timeout, .int(120), accepted: true),
        Case(.talkover, .timeout, .int(4), accepted: false),
        Case(.talkover, .timeout, .int(121), accepted: false),
        Case(.talkover, .httpMethod, .string("PATCH"), accepted: true),
        Case(.talkover, .httpMethod, .string("patch"), accepted: false),
        Case(.talkover, .httpMethod, .string("GET"), accepted: false),
        Case(.talkover, .name, .string(String(repeating: "n", count: 255)), accepted: true),
        Case(.talkover, .name, .string(String(repeating: "é", count: 256)), accepted: false),
        Case(.talkover, .url, .string("https://hooks.acme.dev/t"), accepted: true),
        Case(.talkover, .url, .string("ftp://hooks.acme.dev/t"), accepted: false),
        Case(.talkover, .url, .string("https:///no-host"), accepted: false),
        Case(.argil, .url, .string("http://hooks.acme.dev/a"), accepted: true),
        Case(.jogg, .url, .string("http://hooks.acme.dev/j"), accepted: false),
        Case(.heygen, .url, .string("HTTPS://hooks.acme.dev/h"), accepted: true),
        Case(.composio, .version, .string("V3"), accepted: true),
        Case(.composio, .version, .string("v3"), accepted: false),
        Case(.argil, .events, .strings(["VIDEO_GENERATION_FAILED"]), accepted: true),
        Case(.argil, .events, .strings(["video_generation_failed"]), accepted: false),
    ]

    @Test(arguments: cases)
    func sameVerdict(_ check: Case) {
        let checked = Frontend.check(SourceFile(path: "literal.rehook", text: check.literalScript))
        let checkerAccepts = !checked.hasErrors
        let planned = F.plan(check.computedScript, F.inventory([check.webhook]))
        let plannerAccepts = !planned.outcome.hasErrors
        #expect(checkerAccepts == check.accepted, "checker: \(checked.diagnostics.map(\.message))")
        #expect(plannerAccepts == check.accepted, "planner: \(planned.outcome.diagnostics.map(\.message))")
        #expect(checkerAccepts == plannerAccepts)
        if check.accepted { #expect(planned.changes.count == 1, "an accepted value is planned") }
    }
}
