import Foundation
import RehookModel
import RehookVendors

/// The options a run was started with that change how it goes (canary wave, failure budget,
/// probing), recorded as the journal's first line (`{"event":"run",…}`) so that `--resume`
/// knows them. The one owner of their value rules: the command line parses with these types.
public struct RunOptions: Sendable, Hashable, Codable {
    /// Changes applied and checked first; nil: no canary wave.
    public var canary: CanaryWave?
    /// Stop sending new writes once this many changes failed or did not verify; nil: no limit.
    public var maxFailures: FailureBudget?
    /// The new destinations were probed before the first write (false: `--no-probe`).
    public var probe: Bool

    public init(canary: CanaryWave? = nil, maxFailures: FailureBudget? = nil, probe: Bool = true) {
        self.canary = canary
        self.maxFailures = maxFailures
        self.probe = probe
    }

    private enum CodingKeys: String, CodingKey {
        case canary, maxFailures = "max_failures", probe
    }
}

/// `--canary N --canary-per vendor|account --canary-wait DURATION`: the first `count` changes of
/// each vendor (or account), in plan order, go first; then they are re-read and their
/// destinations probed again, and the rest waits `wait` more.
public struct CanaryWave: Sendable, Hashable, Codable {
    public enum Grouping: String, Sendable, Hashable, Codable, CaseIterable {
        case vendor, account
    }

    public var count: Int
    public var per: Grouping
    public var wait: Duration

    public init(count: Int, per: Grouping = .vendor, wait: Duration = .zero) {
        self.count = max(1, count)
        self.per = per
        self.wait = wait
    }

    /// The canary items (the first `count` of each group, in the order given) and the rest;
    /// `key` names the webhook each item changes.
    public func split<Item>(_ items: [Item], key: (Item) -> WebhookKey) -> (canary: [Item], rest: [Item]) {
        var taken: [String: Int] = [:]
        var canary: [Item] = [], rest: [Item] = []
        for item in items {
            let webhook = key(item)
            let group = per == .vendor ? webhook.vendor.rawValue : AccountKey(webhook).description
            if taken[group, default: 0] < count {
                taken[group, default: 0] += 1
                canary.append(item)
            } else {
                rest.append(item)
            }
        }
        return (canary, rest)
    }

    private enum CodingKeys: String, CodingKey {
        case count, per, waitSeconds = "wait_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(count: try container.decode(Int.self, forKey: .count),
                  per: try container.decode(Grouping.self, forKey: .per),
                  wait: .seconds(fractional: try container.decode(Double.self, forKey: .waitSeconds)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(per, forKey: .per)
        try container.encode(wait.seconds, forKey: .waitSeconds)
    }
}

/// `--max-failures N` or `P%` (of the changes the run works on).
public enum FailureBudget: Sendable, Hashable, Codable, CustomStringConvertible {
    case count(Int)
    case percent(Double)

    /// `3` or `10%` (`0 < P <= 100`); nil for anything else.
    public init?(_ text: String) {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value > 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(text), value >= 1 else { return nil }
            self = .count(value)
        }
    }

    /// The number of failed or unverified changes that stops the run: `N`, or `P %` of
    /// `changes` rounded up (at least 1).
    public func limit(changes: Int) -> Int {
        switch self {
        case .count(let count): count
        case .percent(let percent): max(1, Int((Double(changes) * percent / 100).rounded(.up)))
        }
    }

    /// As given: `3`, `10%`.
    public var description: String {
        switch self {
        case .count(let count): String(count)
        case .percent(let percent): (percent == percent.rounded() ? String(Int(percent)) : String(percent)) + "%"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let budget = FailureBudget(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not N or P%"))
        }
        self = budget
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// `2s`, `500ms`, `1m`, `1.5s`, `0`: the durations options take.
public enum WaitDuration {
    /// The duration `text` names; nil when it names none.
    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Double(text.dropLast(unit.suffix.count)), value >= 0, value.isFinite else { return nil }
            return .seconds(fractional: value * unit.seconds)
        }
        return text == "0" ? .zero : nil
    }

    /// `2 s`, `500 ms`, `1.5 s`, `2 min`: a wait as the summary shows it.
    public static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds < 1 && seconds > 0 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60)) min" }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\((seconds * 10).rounded() / 10) s"
    }
}

/// The journal's line of run options: `{"event":"run","options":{…},"time":"…"}` first in a
/// run's journal, `{"event":"resumed",…}` for each `--resume` (with the options it ran with).
struct RunOptionsLine: Sendable, Codable, Hashable {
    enum Event: String, Sendable, Codable, Hashable { case run, resumed }

    var event: Event
    var options: RunOptions
    var time: String

    func jsonLine() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}

