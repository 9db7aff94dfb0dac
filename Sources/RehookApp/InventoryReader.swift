import Foundation
import RehookExecution
import RehookModel
import RehookPlanning
import RehookVendors

/// Reads the live webhooks (and event catalogues) of a fleet's accounts, concurrently across
/// accounts, each account's calls in sequence so that its own limits hold.
public enum InventoryReader {
    /// Accounts read at the same time. Each account's reads are paced at its own read rate
    /// (2/s for most vendors by default), so a read spends most of its time waiting for a
    /// slot; 64 keeps a 1,000-account fleet's listing short without opening more than the
    /// transport's connections per host (32) at once.
    public static let accountsInFlight = 64

    /// The inventory of every member whose vendor is in `vendors` (all when nil).
    /// Fails with one message naming every account that could not be read.
    public static func read(_ fleet: Fleet, vendors: Set<VendorID>? = nil,
                            catalogues: Bool = true) async throws -> Inventory {
        let members = fleet.members.filter { vendors?.contains($0.account.vendor) ?? true }
        var results: [Int: Result<AccountInventory, VendorError>] = [:]
        await withTaskGroup(of: (Int, Result<AccountInventory, VendorError>).self) { group in
            var next = 0
            func startNext() {
                guard next < members.count else { return }
                let index = next
                let member = members[index]
                next += 1
                group.addTask { (index, await readAccount(member, catalogue: catalogues)) }
            }
            for _ in 0..<min(accountsInFlight, members.count) { startNext() }
            for await (index, result) in group {
                results[index] = result
                startNext()
            }
        }
        var accounts: [AccountInventory] = []
        var failures: [String] = []
        for index in members.indices {
            switch results[index] {
            case .success(let account)?: accounts.append(account)
            case .failure(let error)?: failures.append(error.description)
            case nil: failures.append("\(members[index].account.vendor)/\(members[index].account.name): not read")
            }
        }
        guard failures.isEmpty else {
            throw CommandFailure("cannot read the live webhooks:\n" + failures.map { "  " + $0 }.joined(separator: "\n"))
        }
        return Inventory(accounts: accounts)
    }

    /// Reads are retried like writes: 5xx (not 501), 429 (honouring Retry-After), timeouts and
    /// dropped connections, with exponential backoff and full jitter, a bounded number of times.
    public static let retry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(250), maxDelay: .seconds(20))

    private static func readAccount(_ member: Fleet.Member, catalogue: Bool) async -> Result<AccountInventory, VendorError> {
        do throws(VendorError) {
            let webhooks = try await retrying { () async throws(VendorError) in try await member.adapter.listWebhooks() }
            let events = catalogue
                ? try await retrying { () async throws(VendorError) in try await member.adapter.eventCatalogue() }.sorted()
                : nil
            return .success(AccountInventory(vendor: member.account.vendor, account: member.account.name,
                                             webhooks: webhooks, eventCatalogue: events))
        } catch {
            return .failure(error)
        }
    }

    /// Runs `read` until it succeeds, fails for good, or the attempts run out (the last error).
    static func retrying<T>(_ read: () async throws(VendorError) -> T) async throws(VendorError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let failure: VendorError
            do throws(VendorError) {
                return try await read()
            } catch {
                failure = error
            }
            guard let delay = retry.delay(afterAttempt: attempt, error: failure, jitter: .system) else { throw failure }
            do { try await Task.sleep(for: delay) } catch { throw failure }
        }
    }
}
