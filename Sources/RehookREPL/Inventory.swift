import RehookLanguage
import RehookModel

/// `:inventory`: the cached webhooks of one or every vendor, filtered by a language condition.
public struct InventoryQuery: Sendable {
    public var vendor: VendorID?
    /// The condition as a checked one-rule script, or nil for every webhook.
    private var checked: CheckedScript?
    /// Added to a range in the checked script to point into the typed line.
    private var shift = 0

    /// Why a query could not be run: diagnostics to show with carets under the typed line.
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    /// Checks `condition` (typed at `offset` in `line`) as a `where` clause over `vendor`'s
    /// webhooks (every vendor when nil), with the session's names in scope. Diagnostics point
    /// into `line`.
    public init(vendor: VendorID?, condition: String?, offset: Int, line: String, context: CheckContext) throws(Failure) {
        self.vendor = vendor
        guard let condition else { return }
        // A one-rule script whose action every vendor accepts and that changes nothing.
        let header = "for vendor \(vendor?.rawValue ?? "*") where "
        let checked = Frontend.check(SourceFile(path: "<inventory>", text: header + condition + " set url url"), context: context)
        let shift = offset - header.unicodeScalars.count
        let conditionEnd = header.unicodeScalars.count + condition.unicodeScalars.count
        let relevant = REPLSession.shown(checked.diagnostics).filter { $0.range.start <= conditionEnd }
        guard !relevant.hasErrors else { throw Failure(diagnostics: relevant.map { $0.shifted(by: shift) }) }
        self.checked = checked
        self.shift = shift
    }

    /// The webhooks that match, sorted by vendor, account and id. A condition that fails at
    /// run time throws its error as a diagnostic pointing into the typed line.
    public func run(on webhooks: [Webhook], variables: [String: Value]) throws(Failure) -> [Webhook] {
        let selected = webhooks.filter { vendor == nil || $0.vendor == vendor }.sorted { $0.key < $1.key }
        guard let checked, let condition = checked.script.rules.first?.condition else { return selected }
        let evaluator = Evaluator(variables: variables)
        var matching: [Webhook] = []
        for webhook in selected {
            do {
                if try evaluator.test(condition, on: webhook) { matching.append(webhook) }
            } catch {
                throw Failure(diagnostics: [Diagnostic.error(error.message, at: error.range).shifted(by: shift)])
            }
        }
        return matching
    }

    /// A fixed-width table: vendor, account, id, enabled, events, url.
    public static func table(_ webhooks: [Webhook]) -> String {
        guard !webhooks.isEmpty else { return "no webhooks match\n" }
        let rows = [["VENDOR", "ACCOUNT", "ID", "ENABLED", "EVENTS", "URL"]] + webhooks.map { webhook in
            [webhook.vendor.rawValue, webhook.account, webhook.id, webhook.enabled.map(String.init) ?? "-",
             events(webhook.events), webhook.url]
        }
        let count = "\(webhooks.count) webhook\(webhooks.count == 1 ? "" : "s")"
        return TextTable.render(rows) + count + "\n"
    }

    private static func events(_ selection: EventSelection) -> String {
        guard let names = selection.names else { return "all" }
        let shown = names.prefix(2).joined(separator: ",")
        return names.count > 2 ? shown + ",+\(names.count - 2)" : (names.isEmpty ? "(none)" : shown)
    }
}

extension Diagnostic {
    /// The same diagnostic with every range (notes and fix-its included) moved by `delta` scalars.
    func shifted(by delta: Int) -> Diagnostic {
        let move = { (range: SourceRange) in SourceRange(max(0, range.start + delta), max(0, range.end + delta)) }
        return Diagnostic(severity, message, at: move(range),
                          notes: notes.map { DiagnosticNote($0.message, at: $0.range.map(move)) },
                          fixIts: fixIts.map { FixIt($0.message, replacing: move($0.range), with: $0.replacement) })
    }
}
