import RehookModel

/// Puts the work units' changes together into one array in key order, on all cores.
///
/// All of an account's changes sort together (keys order by vendor, then account, then id), so
/// the accounts are laid out in key order first and each account's changes are then copied
/// into its own stretch of the array and sorted there, every account on its own thread. Before,
/// the results were appended one after the other and the whole array was sorted on one thread:
/// about 80 ms after the rules of a 100,000-webhook plan had run, with the other core idle.
enum ChangeAssembly {
    /// The changes of `results` (the results of `units`, in order) in key order.
    static func inKeyOrder(_ results: [WorkResult], of units: [WorkUnit], in inventory: Inventory,
                           parallel: Bool) -> [PlannedChange] {
        let accounts = accountsInKeyOrder(units: units, inventory: inventory, results: results)
        let offsets = accounts.reduce(into: [0]) { $0.append($0.last! + $1.changeCount) }
        let total = offsets.last!
        guard total > 0 else { return [] }
        return Array(unsafeUninitializedCapacity: total) { buffer, initialized in
            let destination = Destination(base: buffer.baseAddress!)
            _ = ConcurrentMap.map(count: accounts.count, parallel: parallel && accounts.count > 1) { index in
                let start = destination.base + offsets[index]
                var next = start
                for unit in accounts[index].units {
                    results[unit].changes.forEachInPlace { change in
                        next.initialize(to: change)
                        next += 1
                    }
                }
                var stretch = UnsafeMutableBufferPointer(start: start, count: next - start)
                sortByKey(&stretch)
            }
            initialized = total
        }
    }

    /// Puts `changes` in key order. Sorts positions, not the changes themselves: a
    /// `PlannedChange` is large, and moving 72,000 of them through a merge sort was ~7 % of a
    /// 100k-webhook plan. The order is then applied in place, one cycle of the permutation at a
    /// time, by swaps: copying each change into a new array retained and released every string
    /// it holds.
    static func sortByKey(_ changes: inout UnsafeMutableBufferPointer<PlannedChange>) {
        let order = changes.indices.sorted { changes[$0].key < changes[$1].key }
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            // Position `slot` receives the change at `order[slot]`, which has not moved yet.
            var slot = start
            while true {
                placed[slot] = true
                let source = order[slot]
                if source == start { break }
                changes.swapAt(slot, source)
                slot = source
            }
        }
    }

    /// One account's units (indices into the results) and how many changes they hold.
    private struct AccountUnits {
        let vendor: VendorID
        let account: String
        var units: [Int]
        var changeCount: Int
    }

    /// The accounts of `units` in key order; an account listed twice in the inventory is one.
    private static func accountsInKeyOrder(units: [WorkUnit], inventory: Inventory,
                                           results: [WorkResult]) -> [AccountUnits] {
        var accounts: [AccountUnits] = []
        var position: [AccountIdentity: Int] = [:]
        for (index, unit) in units.enumerated() {
            let inventoryAccount = inventory.accounts[unit.accountIndex]
            let key = AccountIdentity(vendor: inventoryAccount.vendor, account: inventoryAccount.account)
            if let existing = position[key] {
                accounts[existing].units.append(index)
                accounts[existing].changeCount += results[index].changes.count
            } else {
                position[key] = accounts.count
                accounts.append(AccountUnits(vendor: key.vendor, account: key.account, units: [index],
                                             changeCount: results[index].changes.count))
            }
        }
        return accounts.sorted { ($0.vendor, $0.account) < ($1.vendor, $1.account) }
    }

    private struct AccountIdentity: Hashable {
        let vendor: VendorID
        let account: String
    }

    /// Where the accounts' threads write: each its own stretch, none overlapping.
    private struct Destination: @unchecked Sendable {
        let base: UnsafeMutablePointer<PlannedChange>
    }
}
