import RehookExecution
import RehookModel
import RehookVendors

/// Each account's pace and concurrency for an apply: the account's configured (or default)
/// write rate and concurrency, overridden by `--rate ACCOUNT=N/s` and `--concurrency ACCOUNT=N`.
public struct AccountLimits: Sendable {
    private var pacing: [AccountKey: PacingLimit] = [:]
    private var concurrency: [AccountKey: Int] = [:]

    /// Fails with a usage error naming the flag when an override is malformed or names an
    /// account that is not part of the run.
    public init(fleet: Fleet, rates: [String], concurrency overrides: [String]) throws {
        var byName: [String: [Account]] = [:]
        for member in fleet.members {
            let account = member.account
            byName[account.name, default: []].append(account)
            let key = AccountKey(vendor: account.vendor, account: account.name)
            pacing[key] = Self.pacing(write: account.writeRate)
            concurrency[key] = account.concurrency
        }
        for text in rates {
            let (name, rate) = try Self.parseRate(text)
            for account in try Self.accounts(named: name, in: byName, flag: "--rate") {
                pacing[AccountKey(vendor: account.vendor, account: account.name)] =
                    PacingLimit(requestsPerSecond: rate.requestsPerSecond, pacesReads: false)
            }
        }
        for text in overrides {
            let (name, count) = try Self.parseConcurrency(text)
            for account in try Self.accounts(named: name, in: byName, flag: "--concurrency") {
                concurrency[AccountKey(vendor: account.vendor, account: account.name)] = count
            }
        }
    }

    public func pacing(for account: AccountKey) -> PacingLimit { pacing[account] ?? .unlimited }
    public func concurrency(for account: AccountKey) -> Int? { concurrency[account] }

    /// Writes paced at the write rate. The engine's reads are answered from one listing per
    /// account, which the account's transport paces at its read rate (`AccountTransport`).
    static func pacing(write: RateLimit?) -> PacingLimit {
        guard let write else { return .unlimited }
        return PacingLimit(requestsPerSecond: write.requestsPerSecond, pacesReads: false)
    }

    /// Checks the overrides' form alone, with no fleet, so that a malformed one is a usage
    /// error before anything runs; `init` then finds one naming an account not in the run.
    public static func checkSyntax(rates: [String], concurrency overrides: [String]) throws {
        for text in rates { _ = try parseRate(text) }
        for text in overrides { _ = try parseConcurrency(text) }
    }

    /// `ACCOUNT=N/s` or `ACCOUNT=N/m`.
    private static func parseRate(_ text: String) throws -> (account: String, rate: RateLimit) {
        let (name, value) = try split(text, flag: "--rate", example: "heygen-eu=10/s")
        guard let rate = RateLimit(parsing: value), rate.requests > 0 else {
            throw CommandFailure("--rate \(text): '\(value)' is not a rate like 10/s or 600/m", exitCode: ExitCodes.usage)
        }
        return (name, rate)
    }

    /// `ACCOUNT=N`, N at least 1.
    private static func parseConcurrency(_ text: String) throws -> (account: String, count: Int) {
        let (name, value) = try split(text, flag: "--concurrency", example: "heygen-eu=4")
        guard let count = Int(value), count > 0 else {
            throw CommandFailure("--concurrency \(text): '\(value)' is not a positive whole number", exitCode: ExitCodes.usage)
        }
        return (name, count)
    }

    private static func split(_ text: String, flag: String, example: String) throws -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw CommandFailure("\(flag) \(text): expected ACCOUNT=VALUE, e.g. \(example)", exitCode: ExitCodes.usage)
        }
        return (parts[0], parts[1])
    }

    private static func accounts(named name: String, in byName: [String: [Account]], flag: String) throws -> [Account] {
        guard let accounts = byName[name] else {
            throw CommandFailure("\(flag): no account '\(name)' in this run; accounts: "
                                 + byName.keys.sorted().joined(separator: ", "), exitCode: ExitCodes.usage)
        }
        return accounts
    }
}
