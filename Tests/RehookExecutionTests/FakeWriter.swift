import RehookModel
@testable import RehookExecution

/// An in-memory vendor: holds webhooks, applies writes, and fails on a script.
actor FakeWriter: WebhookWriter {
    private var state: [WebhookKey: Webhook]
    /// Errors thrown by the next writes of a key, in order (then writes succeed).
    private var writeFailures: [WebhookKey: [any Error]] = [:]
    private var readFailures: [WebhookKey: [any Error]] = [:]
    /// How the vendor stores a value (e.g. lowercases URLs).
    private var normalise: @Sendable (FieldName, FieldValue) -> FieldValue? = { _, value in value }
    /// Called at the start of every write (tests use it to cancel mid-run).
    private var onWrite: (@Sendable (WebhookKey) async -> Void)?
    private(set) var writes: [WebhookKey] = []
    private(set) var reads: [WebhookKey] = []

    init(_ webhooks: [Webhook]) {
        state = Dictionary(uniqueKeysWithValues: webhooks.map { ($0.key, $0) })
    }

    func failWrites(of key: WebhookKey, with errors: [any Error]) { writeFailures[key] = errors }
    func failReads(of key: WebhookKey, with errors: [any Error]) { readFailures[key] = errors }
    func normaliseValues(_ rule: @escaping @Sendable (FieldName, FieldValue) -> FieldValue?) { normalise = rule }
    func onEveryWrite(_ hook: @escaping @Sendable (WebhookKey) async -> Void) { onWrite = hook }
    /// Someone else edits the webhook.
    func edit(_ key: WebhookKey, _ change: @Sendable (inout Webhook) -> Void) {
        if var webhook = state[key] {
            change(&webhook)
            state[key] = webhook
        }
    }
    func webhook(_ key: WebhookKey) -> Webhook? { state[key] }

    func liveState(of webhook: Webhook) async throws -> Webhook {
        reads.append(webhook.key)
        if var failures = readFailures[webhook.key], !failures.isEmpty {
            let error = failures.removeFirst()
            readFailures[webhook.key] = failures
            throw error
        }
        guard let live = state[webhook.key] else {
            throw VendorError(.notFound, vendor: webhook.vendor, account: webhook.account, call: "GET list",
                              message: "no such webhook")
        }
        return live
    }

    func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook {
        writes.append(webhook.key)
        await onWrite?(webhook.key)
        if var failures = writeFailures[webhook.key], !failures.isEmpty {
            let error = failures.removeFirst()
            writeFailures[webhook.key] = failures
            throw error
        }
        guard var stored = state[webhook.key] else {
            throw VendorError(.notFound, vendor: webhook.vendor, account: webhook.account, call: "PUT", message: "gone")
        }
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            if case .secret = value { continue }
            stored[field] = normalise(field, value)
        }
        state[webhook.key] = stored
        return stored
    }
}
