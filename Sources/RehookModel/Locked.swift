import Foundation

/// A value protected by a lock; usable from any thread (readline callbacks and signal
/// handlers included) and on every platform rehook builds for (`Mutex` needs macOS 15).
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
