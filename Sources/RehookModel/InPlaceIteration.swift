extension Array {
    /// Calls `body` with each element where it lies, in order. `for element in array` and
    /// `forEach` hand `body` a copy of each element, retaining and releasing every reference it
    /// holds: for a `PlannedChange` (a dozen strings and arrays) over a plan of 72,000 changes,
    /// each such pass showed in profiles of `rehook plan`.
    @inlinable
    public func forEachInPlace(_ body: (Element) throws -> Void) rethrows {
        try withUnsafeBufferPointer { elements in
            for index in elements.indices { try body(elements[index]) }
        }
    }
}

extension ArraySlice {
    /// `Array.forEachInPlace(_:)` for a slice.
    @inlinable
    public func forEachInPlace(_ body: (Element) throws -> Void) rethrows {
        try withUnsafeBufferPointer { elements in
            for index in elements.indices { try body(elements[index]) }
        }
    }
}
