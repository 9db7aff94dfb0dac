// The execution engine's own cost for scripts/bench/apply: N URL changes over A accounts
// applied by PlanExecutor to an in-memory writer that answers at once (no HTTP), with the
// journal, rollback.json and progress events as in a real run (events rendered as --json
// lines and dropped). Prints changes/s and CPU microseconds per change.
//
//   REHOOK_BENCH=1 swift build -c release --product BenchEngine
//   BenchEngine CHANGES ACCOUNTS PARALLELISM STATE_DIR
import Foundation
import RehookExecution
import RehookModel
import RehookVendors

let arguments = CommandLine.arguments
guard arguments.count == 5, let changeCount = Int(arguments[1]), let accountCount = Int(arguments[2]),
      let parallelism = Int(arguments[3]), changeCount > 0, accountCount > 0, parallelism > 0 else {
    FileHandle.standardError.write(Data("usage: BenchEngine CHANGES ACCOUNTS PARALLELISM STATE_DIR\n".utf8))
    exit(64)
}

/// Answers reads with the webhook as planned and writes with the values applied, each write
/// through an unpaced account pipeline as a real writer's are (so `sent` is journalled).
struct ImmediateWriter: WebhookWriter {
    let pipelines: [String: AccountPipeline]
    let inFlight: AsyncSemaphore

    init(accounts: Int, parallelism: Int) {
        let inFlight = AsyncSemaphore(permits: parallelism)
        self.inFlight = inFlight
        pipelines = Dictionary(uniqueKeysWithValues: (0..<accounts).map { index in
            ("account-\(index)", AccountPipeline(vendor: .jogg, account: "account-\(index)", limit: .unlimited,
                                                  inFlight: inFlight))
        })
    }

    func liveState(of webhook: Webhook) async throws -> Webhook { webhook }

    func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook {
        guard let pipeline = pipelines[webhook.account] else { throw CancellationError() }
        return try await pipeline.perform(.write, call: "PUT") { () async throws(VendorError) in
            Self.applied(values, to: webhook)
        }
    }

    static func applied(_ values: [FieldName: FieldValue], to webhook: Webhook) -> Webhook {
        var written = webhook
        for (field, value) in values { written[field] = value }
        return written
    }
}

let changes = (0..<changeCount).map { index -> PlannedChange in
    let before = Webhook(vendor: .jogg, account: "account-\(index % accountCount)", id: "wh_\(100_000_000 + index)",
                         url: "http://legacy.acme.com/hooks/jogg?id=\(index)",
                         events: .list(["generated_avatar_video_success", "generated_avatar_video_failed"]),
                         enabled: true, extras: [.username: .string("dcb185fbedef423e8edbe119d380d6cd")])
    return PlannedChange(before: before, fields: [
        FieldChange(field: .url, before: .string(before.url), after: .string("https://hooks.bench.dev/jogg/\(index)")),
    ])
}
let plan = Plan(createdAt: "2026-11-23T00:00:00Z", source: nil, changes: changes, unchangedMatches: 0)
let options = ExecutionOptions(perAccountConcurrency: max(1, parallelism / accountCount),
                               onUpdate: { _ = ProgressRenderer.jsonLine($0) })
let executor = PlanExecutor(writer: ImmediateWriter(accounts: accountCount, parallelism: parallelism),
                            store: RunStore(stateDirectory: URL(fileURLWithPath: arguments[4], isDirectory: true)),
                            options: options)
var usageBefore = rusage()
getrusage(RUSAGE_SELF.rawValue, &usageBefore)
let started = ContinuousClock.now
let result = try await executor.execute(plan)
let elapsed = ContinuousClock.now - started
var usageAfter = rusage()
getrusage(RUSAGE_SELF.rawValue, &usageAfter)
func microseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1e6 + Double(time.tv_usec) }
let cpu = microseconds(usageAfter.ru_utime) + microseconds(usageAfter.ru_stime)
    - microseconds(usageBefore.ru_utime) - microseconds(usageBefore.ru_stime)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let applied = result.progress.totals.applied
print(String(format: "%d changes (%d applied), %.3f s, %.1f changes/s, CPU %.0f µs per change",
             changeCount, applied, seconds, Double(applied) / seconds, cpu / Double(changeCount)))
