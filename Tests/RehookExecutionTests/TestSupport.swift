import Foundation
import RehookModel
import RehookTestSupport
import RehookVendors
@testable import RehookExecution

/// A thread-safe box for values tests collect from `@Sendable` callbacks.
final class Collector<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Value] = []

    func append(_ value: Value) { lock.withLock { items.append(value) } }
    var values: [Value] { lock.withLock { items } }
}

enum Fixtures {
    static func webhook(_ id: String, vendor: VendorID = .heygen, account: String = "main",
                        url: String = "https://old.acme.com/hook", extras: [FieldName: FieldValue] = [:]) -> Webhook {
        Webhook(vendor: vendor, account: account, id: id, url: url, events: .list(["a.success"]), enabled: true,
                extras: extras)
    }

    /// A change of `url` on `webhook`.
    static func urlChange(_ webhook: Webhook, to url: String = "https://hooks.acme.dev/hook") -> PlannedChange {
        PlannedChange(before: webhook, fields: [FieldChange(field: .url, before: .string(webhook.url), after: .string(url))])
    }

    static func plan(_ changes: [PlannedChange]) -> Plan {
        Plan(createdAt: "2026-11-23T17:00:00Z", source: nil, changes: changes, unchangedMatches: 0)
    }

    static func error(_ kind: VendorError.Kind, _ key: WebhookKey) -> VendorError {
        VendorError(kind, vendor: key.vendor, account: key.account, call: "PATCH /v1/webhook/endpoint.update",
                    message: "vendor says \(kind)")
    }

    /// A fresh state directory under the temporary directory.
    static func stateDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-exec-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Options on a virtual clock and a fixed wall clock (pacing and retries are the
    /// writer's pipelines': see `FakeWriter`).
    static func options(clock: VirtualClock = VirtualClock(), perAccount: Int = 2,
                        force: Bool = false, updates: Collector<ExecutionUpdate>? = nil) -> ExecutionOptions {
        ExecutionOptions(perAccountConcurrency: perAccount, force: force, clock: MonotonicClock(clock),
                         wallClock: { Date(timeIntervalSince1970: 1_795_000_000) },
                         onUpdate: updates.map { collector in { @Sendable update in collector.append(update) } })
    }
}
