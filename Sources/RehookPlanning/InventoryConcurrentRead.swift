import RehookModel

extension JSONByteReader {
    /// The inventory's `accounts` list with each account read on its own thread: the accounts
    /// found by `scanArrayElements()`, each read by `readAccountInventory()` from its start,
    /// which must end where the scan said it ends. Throws when anything is out of the ordinary
    /// (a malformed list or account, a scan and a reading that disagree) without saying what
    /// precisely: the serial reading (`readArray`) is the one that reports errors.
    mutating func readAccountsConcurrently() throws(JSONReadError) -> [AccountInventory] {
        guard let ranges = scanArrayElements() else { throw Self.notConcurrentlyReadable }
        let shared = SharedReader(reader: self)
        let results = ConcurrentMap.map(count: ranges.count, parallel: ranges.count > 1) { index in
            var reader = shared.reader.reader(at: ranges[index].lowerBound)
            do throws(JSONReadError) {
                let account = try reader.readAccountInventory()
                guard reader.offset == ranges[index].upperBound else { throw Self.notConcurrentlyReadable }
                return Result<AccountInventory, JSONReadError>.success(account)
            } catch {
                return .failure(error)
            }
        }
        var accounts: [AccountInventory] = []
        accounts.reserveCapacity(results.count)
        for result in results { accounts.append(try result.get()) }
        return accounts
    }

    private static var notConcurrentlyReadable: JSONReadError {
        JSONReadError(problem: .invalid("the accounts cannot be read concurrently"))
    }
}

/// The reader of the whole document, handed to the threads that read its accounts. Each one
/// only reads, through its own copy (`reader(at:)`); the bytes stay valid while
/// `JSONByteReader.read` runs, which waits for them all.
private struct SharedReader: @unchecked Sendable {
    let reader: JSONByteReader
}
