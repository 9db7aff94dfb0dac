import RehookModel
import Testing
@testable import RehookREPL

@Suite struct InterruptsTests {
    @Test func theNewestHandlerGetsTheInterrupt() async {
        let log = Locked<[String]>([])
        let interrupts = Interrupts(whenIdle: { log.withLock { $0.append("idle") } })
        interrupts.deliver()
        await interrupts.handling(with: { log.withLock { $0.append("outer") } }) {
            await interrupts.handling(with: { log.withLock { $0.append("inner") } }) { interrupts.deliver() }
            interrupts.deliver()
        }
        interrupts.deliver()
        #expect(log.withLock { $0 } == ["idle", "inner", "outer", "idle"])
    }

    @Test func anInterruptCancelsTheRunningOperation() async {
        let interrupts = Interrupts()
        let outcome = await interrupts.cancellable { () async throws -> Int in
            interrupts.deliver()
            try await Task.sleep(for: .seconds(3600))
            return 1
        }
        #expect(outcome.interrupted)
        #expect(outcome.result == nil)
        #expect(outcome.error is CancellationError)
    }

    @Test func anOperationThatFinishesIsNotInterrupted() async {
        let outcome = await Interrupts().cancellable { 42 }
        #expect(outcome.result == 42)
        #expect(!outcome.interrupted)
        #expect(outcome.error == nil)
    }
}
