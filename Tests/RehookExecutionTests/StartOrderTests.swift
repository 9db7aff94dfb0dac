import Testing
import RehookModel
@testable import RehookExecution

/// A writer whose accounts' live state takes as many answers in a row as `trips` says; nothing
/// is read or written.
private struct RoundTripsWriter: WebhookWriter {
    let trips: [AccountKey: Int]

    func liveState(of webhook: Webhook) async throws -> Webhook { webhook }
    func write(_ values: [FieldName: FieldValue], to webhook: Webhook) async throws -> Webhook { webhook }
    func liveStateRoundTrips(of account: AccountKey) -> Int { trips[account] ?? 1 }
}

@Suite struct StartOrderTests {
    @Test("accounts whose live state takes more answers in a row start first, the rest by account")
    func deepestListingsFirst() {
        let (argil, heygen, talkoverA, talkoverB) = (AccountKey(vendor: .argil, account: "a"),
                                                     AccountKey(vendor: .heygen, account: "h"),
                                                     AccountKey(vendor: .talkover, account: "a"),
                                                     AccountKey(vendor: .talkover, account: "b"))
        let byAccount = [heygen: [0, 1], talkoverB: [2], argil: [3], talkoverA: [4, 5]]
        let writer = RoundTripsWriter(trips: [talkoverA: 2, talkoverB: 2])
        let executor = PlanExecutor(writer: writer, store: RunStore(stateDirectory: Fixtures.stateDirectory()))
        let order = executor.startOrder(byAccount)
        #expect(order.map(\.key) == [talkoverA, talkoverB, argil, heygen])
        #expect(order.map(\.value) == [[4, 5], [2], [3], [0, 1]])
        let plain = PlanExecutor(writer: RoundTripsWriter(trips: [:]), store: RunStore(stateDirectory: Fixtures.stateDirectory()))
        #expect(plain.startOrder(byAccount).map(\.key) == byAccount.keys.sorted(), "by account alone")
    }
}
