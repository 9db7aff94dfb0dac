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
    /// `progress` (when given) is told about every account, request, retry and 429 as the
    /// reading goes, and finished when it ends.
    public static func read(_ fleet: Fleet, vendors: Set<VendorID>? = nil, catalogues: Bool = true,
                            progress: ProgressDisplay? = nil) async throws -> Inventory {
        let members = fleet.members.filter { vendors?.contains($0.account.vendor) ?? true }
        let tracker = progress.map { ListingTracker(accounts: members.map(\.account.vendor), display: $0) }
        defer { progress?.finish() }
        var results: [Int: Result<AccountInventory, VendorError>] = [:]
        await withTaskGroup(of: (Int, Result<AccountInventory, VendorError>).self) { group in
            for index in longestListingsFirst(members) {
                let member = members[index]
                group.addTask {
                    let vendor = member.account.vendor
                    let result = await RequestAttempts.$observer.withValue(tracker?.observer(for: vendor)) {
                        await readAccount(member, of: fleet, catalogue: catalogues)
                    }
                    tracker?.accountRead(vendor)
                    return (index, result)
                }
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

    /// The members' indices, those whose listings wait for the most answers in a row first (each
    /// task's first request leaves roughly in the order the tasks are made; a wave of a thousand
    /// accounts takes a few tenths of a second to send), otherwise in their order.
    static func longestListingsFirst(_ members: [Fleet.Member]) -> [Int] {
        members.indices.sorted { left, right in
            let (leftTrips, rightTrips) = (members[left].adapter.listingRoundTrips, members[right].adapter.listingRoundTrips)
            return leftTrips != rightTrips ? leftTrips > rightTrips : left < right
        }
    }

    /// One account: its listing and, when asked for, its event catalogue — both at once unless
    /// the catalogue comes from the listing (`catalogueFollowsListing`), which saves a round
    /// trip per account. The listing's own requests are counted for the apply's estimate.
    private static func readAccount(_ member: Fleet.Member, of fleet: Fleet, catalogue: Bool) async -> Result<AccountInventory, VendorError> {
        let adapter = member.adapter
        async let early = catalogue && !adapter.catalogueFollowsListing ? readCatalogue(adapter) : nil
        let listed = Locked(0)
        let listing = await RequestAttempts.$observer.withValue(countingAttempts(into: listed)) {
            () async -> Result<[Webhook], VendorError> in
            do throws(VendorError) { return .success(try await adapter.listWebhooks()) } catch { return .failure(error) }
        }
        let alongside = await early
        do throws(VendorError) {
            let webhooks = try listing.get()
            fleet.listingRequests.withLock {
                $0[AccountKey(vendor: member.account.vendor, account: member.account.name)] = listed.withLock { $0 }
            }
            let events: Set<String>? = if let alongside { try alongside.get() } else if catalogue {
                try await adapter.eventCatalogue()
            } else { nil }
            return .success(AccountInventory(vendor: member.account.vendor, account: member.account.name,
                                             webhooks: webhooks, eventCatalogue: events?.sorted()))
        } catch {
            return .failure(error)
        }
    }

    private static func readCatalogue(_ adapter: any VendorAdapter) async -> Result<Set<String>, VendorError> {
        do throws(VendorError) { return .success(try await adapter.eventCatalogue()) } catch { return .failure(error) }
    }

    /// The observer in force (the progress display's, if any), also counting each attempt.
    private static func countingAttempts(into count: Locked<Int>) -> RequestAttemptObserver {
        let outer = RequestAttempts.observer
        return RequestAttemptObserver(willSend: { attempt in
            count.withLock { $0 += 1 }
            try await outer?.willSend(attempt)
        }, willRetry: { attempt, delay, error in
            try await outer?.willRetry(attempt, delay, error)
        })
    }
}

/// Counts what a read of the accounts does, per vendor, and hands each new count to the display.
final class ListingTracker: Sendable {
    private let started = ContinuousClock.now
    private let snapshot: Locked<ListingSnapshot>
    private let display: ProgressDisplay

    init(accounts: [VendorID], display: ProgressDisplay) {
        var vendors: [VendorID: ListingSnapshot.Part] = [:]
        for vendor in accounts { vendors[vendor, default: ListingSnapshot.Part()].accounts += 1 }
        snapshot = Locked(ListingSnapshot(vendors: vendors))
        self.display = display
    }

    /// The request observer for one of `vendor`'s accounts: counts each attempt and retry.
    func observer(for vendor: VendorID) -> RequestAttemptObserver {
        RequestAttemptObserver(willSend: { [self] _ in change(vendor) { $0.requests += 1 } },
                               willRetry: { [self] _, _, error in
                                   change(vendor) { part in
                                       part.retries += 1
                                       if case .rateLimited = error.kind { part.rateLimited += 1 }
                                   }
                               })
    }

    func accountRead(_ vendor: VendorID) { change(vendor) { $0.accountsRead += 1 } }

    private func change(_ vendor: VendorID, _ update: (inout ListingSnapshot.Part) -> Void) {
        let current = snapshot.withLock { snapshot in
            update(&snapshot.vendors[vendor, default: ListingSnapshot.Part()])
            snapshot.elapsed = ContinuousClock.now - started
            return snapshot
        }
        display.updateListing(current)
    }
}
