import RehookLanguage
import RehookModel

/// What the REPL needs from the rest of rehook. The REPL itself never reads vendors, plans or
/// applies: the app layer implements this protocol (live accounts, or the sandbox).
public protocol REPLBackend: Sendable {
    /// Configured accounts, for `:accounts` and `:vendors`.
    func accounts() async -> [REPLAccount]
    /// The cached live inventory; `refresh` re-reads every account first (`:refresh`).
    func webhooks(refresh: Bool) async throws -> [Webhook]
    /// Event names of a vendor's live catalogue (completion and `:events`). Asked for every
    /// vendor when the REPL starts and on `:refresh`, so it should answer from a cache.
    func eventNames(for vendor: VendorID) async -> [String]
    /// Plans `script` (checked, error-free) against the cached inventory. Must honour task
    /// cancellation (Ctrl-C cancels the task running it).
    func plan(_ script: CheckedScript) async throws -> REPLPlan
    /// Applies `plan`, which the user has already confirmed; returns a printable summary.
    /// Must honour task cancellation.
    func apply(_ plan: Plan) async throws -> String
}

/// One configured account.
public struct REPLAccount: Sendable, Hashable {
    public var vendor: VendorID
    /// The account's configured name (never its key).
    public var name: String

    public init(vendor: VendorID, name: String) {
        self.vendor = vendor
        self.name = name
    }
}

/// The result of planning the session script.
public struct REPLPlan: Sendable {
    public var plan: Plan
    /// The human diff of the whole plan, as `rehook plan` prints it.
    public var rendered: String
    /// Each change's block of that diff, in the order of `plan.changes` (`:review` shows them
    /// one at a time).
    public var renderedChanges: [String]
    /// Runtime and plan-time diagnostics, with ranges in the checked script's source.
    public var diagnostics: [Diagnostic]

    public init(plan: Plan, rendered: String, renderedChanges: [String], diagnostics: [Diagnostic] = []) {
        self.plan = plan
        self.rendered = rendered
        self.renderedChanges = renderedChanges
        self.diagnostics = diagnostics
    }
}
