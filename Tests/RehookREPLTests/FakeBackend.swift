import Foundation
import RehookLanguage
import RehookModel
@testable import RehookREPL

/// A backend with a fixed inventory and a fixed plan, recording what the REPL asked of it.
final class FakeBackend: REPLBackend {
    struct Calls: Sendable {
        var plannedScripts: [String] = []
        var appliedPlans: [Plan] = []
        var refreshes = 0
    }

    let inventory: [Webhook]
    let canned: REPLPlan
    /// Called when `plan` starts; `plan` then waits for cancellation (to test Ctrl-C).
    let onPlanStart: (@Sendable () -> Void)?
    /// Called when `apply` starts; `apply` then waits for cancellation and, like the engine,
    /// still returns its summary of what it left unfinished.
    let onApplyStart: (@Sendable () -> Void)?
    private let calls = Locked(Calls())

    init(inventory: [Webhook] = FakeBackend.sampleInventory, plan: REPLPlan? = nil,
         onPlanStart: (@Sendable () -> Void)? = nil, onApplyStart: (@Sendable () -> Void)? = nil) {
        self.inventory = inventory
        self.canned = plan ?? FakeBackend.samplePlan(inventory)
        self.onPlanStart = onPlanStart
        self.onApplyStart = onApplyStart
    }

    var recorded: Calls { calls.withLock { $0 } }

    func accounts() async -> [REPLAccount] {
        [REPLAccount(vendor: .jogg, name: "main"), REPLAccount(vendor: .heygen, name: "prod"),
         REPLAccount(vendor: .talkover, name: "ops")]
    }

    func webhooks(refresh: Bool) async throws -> [Webhook] {
        if refresh { calls.withLock { $0.refreshes += 1 } }
        return inventory
    }

    func eventNames(for vendor: VendorID) async -> [String] {
        switch vendor {
        case .heygen: ["avatar_video.success", "avatar_video.fail"]
        case .talkover: ["call_ended", "call_started"]
        default: []
        }
    }

    func plan(_ script: CheckedScript) async throws -> REPLPlan {
        calls.withLock { $0.plannedScripts.append(script.source.text) }
        if let onPlanStart {
            onPlanStart()
            try await Task.sleep(for: .seconds(3600)) // ends early, throwing, once cancelled
            throw CancellationError()
        }
        return canned
    }

    func apply(_ plan: Plan) async throws -> String {
        calls.withLock { $0.appliedPlans.append(plan) }
        if let onApplyStart {
            onApplyStart()
            try? await Task.sleep(for: .seconds(3600)) // ends early once cancelled
            return "interrupted: \(plan.changes.count) of \(plan.changes.count) changes not finished\n"
                + "Run RUN-1: journal and rollback plan in .rehook/runs/RUN-1\nResume with: rehook apply --resume RUN-1"
        }
        return "applied \(plan.changes.count) changes"
    }

    static let sampleInventory = [
        Webhook(vendor: .jogg, account: "main", id: "wh_1", url: "https://old.acme.com/a",
                events: .list(["video.success"]), enabled: true),
        Webhook(vendor: .heygen, account: "prod", id: "ep_1", url: "https://old.acme.com/b", events: .all, enabled: true),
        Webhook(vendor: .talkover, account: "ops", id: "hook_7", parentID: "agent_1", url: "https://hooks.acme.dev/t",
                events: .list(["call_ended"]), enabled: false, extras: [.timeout: .int(30)]),
    ]

    /// Moves the two old.acme.com webhooks to hooks.acme.dev.
    static func samplePlan(_ inventory: [Webhook]) -> REPLPlan {
        let changes = inventory.filter { $0.url.hasPrefix("https://old.acme.com") }.map { webhook in
            PlannedChange(before: webhook, fields: [
                FieldChange(field: .url, before: .string(webhook.url),
                            after: .string(webhook.url.replacingOccurrences(of: "old.acme.com", with: "hooks.acme.dev"))),
            ])
        }
        let plan = Plan(createdAt: "2026-01-01T00:00:00Z", source: nil, changes: changes, unchangedMatches: 0)
        let rendered = changes.map { "~ \($0.key)\n    url: \($0.fields[0].before?.description ?? "") -> \($0.fields[0].after)" }
            .joined(separator: "\n")
        return REPLPlan(plan: plan, rendered: rendered + "\nPlan: \(changes.count) to change.",
                        renderedChanges: changes.map { "~ \($0.key)\n" })
    }
}

/// Runs a REPL over `lines` (scripted, non-terminal input) and returns its status and output.
func runScripted(_ lines: [String], backend: FakeBackend = FakeBackend(),
                 interrupts: Interrupts = Interrupts()) async -> (status: Int32, output: String) {
    let buffer = OutputBuffer()
    let repl = REPL(backend: backend, input: ScriptedLineInput(lines), output: buffer.output, interrupts: interrupts)
    let status = await repl.run()
    return (status, buffer.contents)
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
