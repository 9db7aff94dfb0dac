import RehookModel
import RehookTestSupport
import RehookVendors
@testable import RehookExecution

/// An in-memory vendor: holds webhooks, applies writes, and fails on a script. Its calls go
/// through one `AccountPipeline` per account, as the real writer's adapters do (pacing at
/// 10/s, retries with jitter 0.5, a fleet-wide ceiling of `inFlight` requests), on `clock`.
actor FakeWriter: WebhookWriter {
    private var state: [WebhookKey: Webhook]
    /// Errors thrown by the next reads or writes of a key, in order (then they succeed).
    private var failures: [RequestKind: [WebhookKey: [any Error]]] = [:]
    /// How the vendor stores a value (e.g. lowercases URLs).
    private var normalise: @Sendable (FieldName, FieldValue) -> FieldValue? = { _, value in value }
    /// Called at the start of every write attempt (tests use it to cancel mid-run).
    private var onWrite: (@Sendable (WebhookKey) async -> Void)?
    private(set) var writes: [WebhookKey] = []
    private(set) var reads: [WebhookKey] = []
    /// Most calls being answered at the same moment (inside the pipelines' ceiling).
    private(set) var maximumInFlight = 0
    private var inFlight = 0
    private var pipelines: [AccountKey: AccountPipeline] = [:]
    private let clock: MonotonicClock
    private let ceiling: InFlightLimit

    /// `clock` nil: real time.
    init(_ webhooks: [Webhook], clock: VirtualClock? = VirtualClock(), inFlight: Int = 4) {
        state = Dictionary(uniqueKeysWithValues: webhooks.map { ($0.key, $0) })
        self.clock = clock.map { MonotonicClock($0) } ?? .continuous
        self.ceiling = InFlightLimit(fixed: inFlight)
    }

    private func pipeline(_ key: WebhookKey) -> AccountPipeline {
        let account = AccountKey(key)
        if let pipeline = pipelines[account] { return pipeline }
        let pipeline = AccountPipeline(
            vendor: key.vendor, account: key.account, limit: PacingLimit(requestsPerSecond: 10),
            retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(8)),
            inFlight: ceiling, clock: clock, jitter: .constant(0.5))
        pipelines[account] = pipeline
        return pipeline
    }

    /// Runs one scripted call through the account's pipeline. A scripted error that is not a
    /// `VendorError` fails at once, as a local problem would, without reaching the vendor.
    private func call<T: Sendable>(_ key: WebhookKey, _ kind: RequestKind,
                                   _ answer: @escaping @Sendable (FakeWriter) async throws(VendorError) -> T) async throws -> T {
        if let next = failures[kind]?[key]?.first, !(next is VendorError) {
            await record(key, kind)
            failures[kind]?[key]?.removeFirst()
            throw next
        }
        return try await pipeline(key).perform(kind, call: kind == .read ? "GET list" : "PATCH") { () async throws(VendorError) in
            try await self.attempt(key, kind) { () async throws(VendorError) in try await answer(self) }
        }
    }

    /// One call reached the vendor: counted, and a write announced to `onEveryWrite`.
    private func record(_ key: WebhookKey, _ kind: RequestKind) async {
        if kind == .read {
            reads.append(key)
        } else {
            writes.append(key)
            await onWrite?(key)
        }
    }

    private func attempt<T>(_ key: WebhookKey, _ kind: RequestKind,
                            _ answer: () async throws(VendorError) -> T) async throws(VendorError) -> T {
        await record(key, kind)
        inFlight += 1
        maximumInFlight = max(maximumInFlight, inFlight)
        defer { inFlight -= 1 }
        await Task.yield()
        if let next = failures[kind]?[key]?.first as? VendorError {
            failures[kind]?[key]?.removeFirst()
            throw next
        }
        return try await answer()
    }

    func failWrites(of key: WebhookKey, with errors: [any Error]) { failures[.write, default: [:]][key] = errors }
    func failReads(of key: WebhookKey, with errors: [any Error]) { failures[.read, default: [:]][key] = errors }
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
        try await call(webhook.key, .read) { writer async throws(VendorError) in
            try await writer.stored(webhook, call: "GET list", missing: "no such webhook")
        }
    }

    func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook {
        try await call(webhook.key, .write) { writer async throws(VendorError) in
            try await writer.store(values, in: webhook)
        }
    }

    private func stored(_ webhook: Webhook, call: String, missing: String) throws(VendorError) -> Webhook {
        guard let live = state[webhook.key] else {
            throw VendorError(.notFound, vendor: webhook.vendor, account: webhook.account, call: call, message: missing)
        }
        return live
    }

    private func store(_ values: [FieldName: FieldValue], in webhook: Webhook) throws(VendorError) -> Webhook {
        var stored = try stored(webhook, call: "PUT", missing: "gone")
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            if case .secret = value { continue }
            stored[field] = normalise(field, value)
        }
        state[webhook.key] = stored
        return stored
    }
}
