import Foundation
import RehookModel
import RehookVendors

/// Where each account's pace stood when the last command ended (`.rehook/pacing.json`), so a
/// command started right after another — `plan --out` then `apply` — continues the vendor's
/// bucket instead of opening with a burst the vendor no longer has room for. Kept per account,
/// as wall-clock times; entries already in the past (a full bucket) are dropped. Best effort:
/// a missing or unreadable ledger means full buckets, and a ledger that cannot be written is
/// not worth failing a command for.
enum PacingLedger {
    /// When an account's buckets are full again, in seconds since 1970.
    struct Entry: Codable, Sendable, Hashable {
        var requestsFullAt: Double
        var writesFullAt: Double?

        private enum CodingKeys: String, CodingKey {
            case requestsFullAt = "requests_full_at", writesFullAt = "writes_full_at"
        }
    }

    static func file(in directory: StateDirectory) -> URL { directory.url.appendingPathComponent("pacing.json") }

    static func key(_ account: Account) -> String { "\(account.vendor)/\(account.name)" }

    /// Each account's buckets relative to now, for `AccountPipeline(carriedOver:)`.
    static func load(from directory: StateDirectory, now: Date = Date()) -> [String: AccountPacer.BucketTimes] {
        guard let data = FileManager.default.contents(atPath: file(in: directory).path),
              let entries = try? JSONDecoder().decode([String: Entry].self, from: data) else { return [:] }
        let reference = now.timeIntervalSince1970
        return entries.mapValues {
            AccountPacer.BucketTimes(requests: $0.requestsFullAt - reference, writes: $0.writesFullAt.map { $0 - reference })
        }
    }

    /// Records the buckets of `pipelines` (by `key`), keeping other accounts' entries that are
    /// still in the future.
    static func save(_ pipelines: [String: AccountPipeline], to directory: StateDirectory, now: Date = Date()) async {
        let reference = now.timeIntervalSince1970
        var entries: [String: Entry] = [:]
        if let data = FileManager.default.contents(atPath: file(in: directory).path),
           let stored = try? JSONDecoder().decode([String: Entry].self, from: data) {
            entries = stored.filter { max($0.value.requestsFullAt, $0.value.writesFullAt ?? 0) > reference }
        }
        for (key, pipeline) in pipelines {
            let buckets = await pipeline.pacer.bucketsFreeAt()
            guard max(buckets.requests, buckets.writes ?? 0) > 0 else {
                entries[key] = nil
                continue
            }
            entries[key] = Entry(requestsFullAt: reference + buckets.requests,
                                 writesFullAt: buckets.writes.map { reference + $0 })
        }
        let file = file(in: directory)
        if entries.isEmpty {
            try? FileManager.default.removeItem(at: file)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(entries) else { return }
        try? directory.create()
        try? data.write(to: file, options: .atomic)
    }
}
