import RehookModel
import RehookVendors

/// `--rate`, `--write-rate` and `--concurrency`: each `TARGET=VALUE`, where TARGET is an account
/// name or a vendor (every account of that vendor); an account's own override wins over its
/// vendor's. They replace the account's configured (or default) figures before its request
/// pipeline is built, so they pace every call of the command: listings, re-reads and writes.
public struct AccountOverrides: Sendable {
    public var rates: [String] = []
    public var writeRates: [String] = []
    public var concurrency: [String] = []

    public init(rates: [String] = [], writeRates: [String] = [], concurrency: [String] = []) {
        self.rates = rates
        self.writeRates = writeRates
        self.concurrency = concurrency
    }

    /// `accounts` with the overrides applied. Fails with a usage error naming the flag when an
    /// override is malformed or names neither a vendor nor one of `accounts`.
    public func apply(to accounts: [Account]) throws -> [Account] {
        var result = accounts
        for (entries, flag, example, set) in settings {
            try override(&result, entries, flag: flag, example: example, set)
        }
        return result
    }

    /// Fails with a usage error naming the flag when an override is malformed; whether its
    /// target names an account is known only once the accounts are loaded (`apply(to:)`).
    public func checkSyntax() throws {
        // Any registered vendor will do: only the form of each value is checked here.
        var probe = Account(name: "probe", vendor: VendorID.allCases[0])
        for (entries, flag, example, set) in settings {
            for entry in try Self.parse(entries, flag: flag, example: example) {
                try Self.set(entry, flag: flag, on: &probe, set)
            }
        }
    }

    private typealias Setting = (entries: [String], flag: String, example: String,
                                 set: (inout Account, String) throws -> Void)

    private var settings: [Setting] {
        [
            (rates, "--rate", "heygen-eu=10/s or heygen=2/s", { account, value in account.setRate(try Self.rate(value)) }),
            (writeRates, "--write-rate", "jogg=20/m", { account, value in account.writeRate = try Self.rate(value) }),
            (concurrency, "--concurrency", "heygen-eu=4", { account, value in
                guard let count = Int(value), count > 0 else { throw Problem("'\(value)' is not a positive whole number") }
                account.concurrency = count
            }),
        ]
    }

    private struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private static func rate(_ value: String) throws -> RateLimit {
        guard let rate = RateLimit(parsing: value) else { throw Problem("'\(value)' is not a rate like 10/s or 600/m") }
        return rate
    }

    private typealias Entry = (target: String, value: String, text: String)

    private static func parse(_ entries: [String], flag: String, example: String) throws -> [Entry] {
        try entries.map { text in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CommandFailure("\(flag) \(text): expected ACCOUNT=VALUE or VENDOR=VALUE, e.g. \(example)",
                                     exitCode: ExitCodes.usage)
            }
            return (parts[0], parts[1], text)
        }
    }

    private static func set(_ entry: Entry, flag: String, on account: inout Account,
                            _ set: (inout Account, String) throws -> Void) throws {
        do {
            try set(&account, entry.value)
        } catch let problem as Problem {
            throw CommandFailure("\(flag) \(entry.text): \(problem.message)", exitCode: ExitCodes.usage)
        }
    }

    /// Applies vendor-wide entries first, then account entries, so the narrower one wins.
    private func override(_ accounts: inout [Account], _ entries: [String], flag: String, example: String,
                          _ set: (inout Account, String) throws -> Void) throws {
        let parsed = try Self.parse(entries, flag: flag, example: example)
        let names = Set(accounts.map(\.name))
        for entry in parsed where VendorID(rawValue: entry.target) == nil && !names.contains(entry.target) {
            throw CommandFailure("\(flag) \(entry.text): no account or vendor '\(entry.target)'; accounts: "
                                 + names.sorted().joined(separator: ", "), exitCode: ExitCodes.usage)
        }
        let ordered = parsed.filter { !names.contains($0.target) } + parsed.filter { names.contains($0.target) }
        for entry in ordered {
            for index in accounts.indices
            where accounts[index].name == entry.target || accounts[index].vendor.rawValue == entry.target {
                try Self.set(entry, flag: flag, on: &accounts[index], set)
            }
        }
    }
}
