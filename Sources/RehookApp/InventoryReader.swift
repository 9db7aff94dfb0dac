import Foundation
import RehookExecution
import RehookModel
import RehookPlanning
import RehookVendors

/// Reads the live webhooks (and event catalogues) of a fleet's accounts, concurrently across
/// accounts, each account's calls in sequence. Pacing and retries are the account pipeline's.
public enum InventoryReader {
    /// The inventory of every member whose vendor is in `vendors` (all when nil), every account
    /// at once: the account pipelines pace each account and hold the fleet's requests in
    /// flight to `--parallelism`, so a task waiting for its account's slot holds nothing.
    /// Fails with one message naming every account that could not be read.
    public static func read(_ fleet: Fleet, vendors: Set<VendorID>? = nil,
                            catalogues: Bool = true) async throws -> Inventory {
        let members = fleet.members.filter { vendors?.contains($0.account.vendor) ?? true }
        var results: [Int: Result<AccountInventory, VendorError>] = [:]
        await withTaskGroup(of: (Int, Result<AccountInventory, VendorError>).self) { group in
            for (index, member) in members.enumerated() {
                group.addTask { (index, await readAccount(member, of: fleet, catalogue: catalogues)) }
            }
            for await (index, result) in group { results[index] = result }
        }
        var accounts: [AccountInventory] = []
        var failures: [String] = []
        var interrupted = Task.isCancelled
        for index in members.indices {
            switch results[index] {
            case .success(let account)?: accounts.append(account)
            case .failure(let error)? where error.kind == .interrupted: interrupted = true
            case .failure(let error)?: failures.append(error.description)
            case nil: failures.append("\(members[index].account.vendor)/\(members[index].account.name): not read")
            }
        }
        if interrupted {
            throw CommandFailure("interrupted while reading the live webhooks (\(accounts.count) of \(members.count) "
                                 + "accounts read); nothing was changed", exitCode: ExitCodes.interrupted)
        }
        guard failures.isEmpty else {
            throw CommandFailure("cannot read the live webhooks:\n" + failures.map { "  " + $0 }.joined(separator: "\n"))
        }
        return Inventory(accounts: accounts)
    }

    private static func readAccount(_ member: Fleet.Member, of fleet: Fleet, catalogue: Bool) async -> Result<AccountInventory, VendorError> {
        do throws(VendorError) {
            let before = member.pipeline.sent.snapshot.requests
            let webhooks = try await member.adapter.listWebhooks()
            let listed = member.pipeline.sent.snapshot.requests - before
            fleet.listingRequests.withLock {
                $0[AccountKey(vendor: member.account.vendor, account: member.account.name)] = listed
            }
            let events = catalogue ? try await member.adapter.eventCatalogue().sorted() : nil
            return .success(AccountInventory(vendor: member.account.vendor, account: member.account.name,
                                             webhooks: webhooks, eventCatalogue: events))
        } catch {
            return .failure(error)
        }
    }
}
