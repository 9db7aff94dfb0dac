import Foundation
import RehookModel

/// One line of `journal.ndjson`: a state change of one planned change. Holds no secret value
/// (webhooks in the model never carry secrets; messages are the vendor's error text).
public struct JournalEntry: Sendable, Codable, Hashable {
    public enum Event: String, Sendable, Codable, Hashable {
        /// The change is part of the run (one per change, at run start).
        case planned
        /// The write request is about to be sent (attempt `attempt`).
        case sent
        /// The webhook is in its planned state (written now, or found already applied).
        case applied
        /// An attempt failed; `final` says whether the change is given up in this run.
        case failed
        /// Not written: the webhook changed since the plan (stale).
        case skipped
    }

    public var event: Event
    public var key: WebhookKey
    /// Write attempt, 1-based; 0 for `planned` and outcomes reached without a write.
    public var attempt: Int
    /// ISO 8601 time of the state change.
    public var time: String
    /// Error message (failed) or reason (skipped, or a forced write).
    public var message: String?
    /// `failed` only: no further attempt in this run.
    public var final: Bool?
    /// `applied` only: the webhook was found already in its planned state; nothing was sent.
    public var alreadyApplied: Bool?
    /// `applied` only: verification warnings and unverifiable fields.
    public var warnings: [String]?
    /// `applied` only: the live state observed just before the write (for rollback); absent
    /// when it equals the plan's before-state.
    public var observedBefore: Webhook?
    /// `applied` only: the state the vendor reported after the write (for rollback); absent
    /// when it equals the plan's after-state.
    public var reported: Webhook?

    public init(event: Event, key: WebhookKey, attempt: Int, time: String, message: String? = nil,
                final: Bool? = nil, alreadyApplied: Bool? = nil, warnings: [String]? = nil,
                observedBefore: Webhook? = nil, reported: Webhook? = nil) {
        self.event = event
        self.key = key
        self.attempt = attempt
        self.time = time
        // Messages are display text: URL credentials masked. The states a rollback replays
        // (observed before, reported) keep their values; the run folder is private (0700).
        self.message = message.map(URLCredentials.masking(in:))
        self.final = final
        self.alreadyApplied = alreadyApplied
        self.warnings = warnings?.map(URLCredentials.masking(in:))
        self.observedBefore = observedBefore
        self.reported = reported
    }

    private enum CodingKeys: String, CodingKey {
        case event, key, attempt, time, message, final, alreadyApplied = "already_applied", warnings
        case observedBefore = "observed_before", reported
    }
}

extension JournalEntry {
    /// The entry as one journal line (no newline): what `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes, byte for byte (`JournalLineTests`), without its cost:
    /// two lines are written per change.
    func jsonLine() -> [UInt8] {
        var json = JSONByteWriter(escapesSlashes: false, capacity: 160)
        json.openObject()
        if let alreadyApplied { json.key("already_applied"); json.bool(alreadyApplied) }
        json.key("attempt"); json.int(attempt)
        json.key("event"); json.string(event.rawValue)
        if let final { json.key("final"); json.bool(final) }
        json.key("key"); json.webhookKey(key)
        if let message { json.key("message"); json.string(message) }
        if let observedBefore { json.key("observed_before"); json.webhook(observedBefore) }
        if let reported { json.key("reported"); json.webhook(reported) }
        json.key("time"); json.string(time)
        if let warnings { json.key("warnings"); json.strings(warnings) }
        json.closeObject()
        return json.bytes
    }
}

/// Reading a journal: every complete line must decode; a torn last line (no trailing newline
/// and not decodable, as left by a kill during a write) is ignored.
public enum JournalReader {
    /// The entries, and the byte length of the intact prefix (where appending may resume).
    public static func read(_ url: URL) throws -> (entries: [JournalEntry], intactLength: Int) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ExecutionError.unreadableRunFile(path: url.path, detail: error.localizedDescription)
        }
        return try parse(data, path: url.path)
    }

    static func parse(_ data: Data, path: String) throws -> (entries: [JournalEntry], intactLength: Int) {
        let bytes = [UInt8](data)
        let decoder = JSONDecoder()
        var entries: [JournalEntry] = []
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n"))
            let lineEnd = newline ?? bytes.count
            let line = Data(bytes[lineStart..<lineEnd])
            let isBlank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
            if !isBlank {
                do {
                    entries.append(try decoder.decode(JournalEntry.self, from: line))
                } catch {
                    // Without a newline this is the last line: torn by an interrupted write.
                    if newline == nil { return (entries, lineStart) }
                    throw ExecutionError.corruptJournalLine(path: path, line: lineNumber, detail: describe(error))
                }
            }
            guard let newline else { return (entries, bytes.count) }
            lineStart = newline + 1
        }
        return (entries, bytes.count)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "not valid JSON"
        }
    }
}
