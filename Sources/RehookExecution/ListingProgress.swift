import RehookModel

/// Where reading the accounts' webhooks stands (`plan`, `inventory`, the REPL's start), per
/// vendor, for the progress display.
public struct ListingSnapshot: Sendable, Hashable {
    /// One vendor's accounts.
    public struct Part: Sendable, Hashable {
        public var accounts = 0
        public var accountsRead = 0
        /// Requests sent (a listing's pages, event catalogues), retries included.
        public var requests = 0
        public var retries = 0
        /// 429 answers seen.
        public var rateLimited = 0

        public init(accounts: Int = 0, accountsRead: Int = 0, requests: Int = 0, retries: Int = 0, rateLimited: Int = 0) {
            self.accounts = accounts
            self.accountsRead = accountsRead
            self.requests = requests
            self.retries = retries
            self.rateLimited = rateLimited
        }
    }

    /// Time since the reading started.
    public var elapsed: Duration
    public var vendors: [VendorID: Part]

    public init(elapsed: Duration = .zero, vendors: [VendorID: Part] = [:]) {
        self.elapsed = elapsed
        self.vendors = vendors
    }
}

extension ProgressRenderer {
    /// One line per vendor being read, in vendor order:
    /// `heygen    reading   3/5 accounts  14 requests  retries 1  429s 0`.
    public static func listingLines(_ snapshot: ListingSnapshot) -> [String] {
        listedVendors(snapshot).map { vendor, part in
            pad(vendor.rawValue, 9) + " reading " + padLeft("\(part.accountsRead)/\(part.accounts)", 7) + " accounts  "
                + "\(part.requests) requests  retries \(part.retries)  429s \(part.rateLimited)"
        }
    }

    /// The same as one line, for output that is not a terminal:
    /// `reading: heygen 3/5 accounts, jogg 2/2 accounts | 14 requests, retries 1, 429s 0 | 3.0s`.
    public static func listingStatusLine(_ snapshot: ListingSnapshot) -> String {
        let parts = listedVendors(snapshot)
        let accounts = parts.map { "\($0.0.rawValue) \($0.1.accountsRead)/\($0.1.accounts) accounts" }
        let requests = parts.reduce(0) { $0 + $1.1.requests }
        let retries = parts.reduce(0) { $0 + $1.1.retries }
        let rateLimited = parts.reduce(0) { $0 + $1.1.rateLimited }
        return "reading: " + accounts.joined(separator: ", ")
            + " | \(requests) requests, retries \(retries), 429s \(rateLimited) | " + formatDuration(snapshot.elapsed)
    }

    private static func listedVendors(_ snapshot: ListingSnapshot) -> [(VendorID, ListingSnapshot.Part)] {
        VendorID.allCases.compactMap { vendor in snapshot.vendors[vendor].map { (vendor, $0) } }
    }
}
