import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM. Installed before the server starts so that an early Ctrl-C
/// is not lost; while installed, the signals no longer end the process by themselves.
struct SandboxTermination {
    private let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// The first signal received.
    func wait() async -> Int32 {
        var iterator = signals.makeAsyncIterator()
        let received = await iterator.next() ?? SIGTERM
        for source in sources { source.cancel() }
        return received
    }
}
