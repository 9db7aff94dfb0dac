import Testing
import RehookModel
import RehookVendors
@testable import RehookApp

/// A transport no test here calls: the ordering reads only the adapters' declarations.
private struct UnusedTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        Issue.record("the listing order must not send anything")
        throw HTTPTransportError(.connection, "unused")
    }
}

@Suite struct ListingOrderTests {
    func member(_ name: String, _ vendor: VendorID) -> Fleet.Member {
        let account = Account(name: name, vendor: vendor)
        let pipeline = AccountPipeline.singleAttempt(vendor, account: name)
        return Fleet.Member(account: account,
                            adapter: VendorAdapters.make(for: account, key: APIKey("k"), transport: UnusedTransport(),
                                                         pipeline: pipeline),
                            pipeline: pipeline)
    }

    @Test("accounts whose listings wait for more answers in a row start first; the rest keep their order")
    func longestListingsFirst() {
        let members = [member("a1", .argil), member("t1", .talkover), member("h1", .heygen),
                       member("t2", .talkover), member("j1", .jogg)]
        #expect(members.map(\.adapter.listingRoundTrips) == [1, 2, 1, 2, 1])
        #expect(InventoryReader.longestListingsFirst(members) == [1, 3, 0, 2, 4])
        #expect(InventoryReader.longestListingsFirst([]) == [])
    }
}
