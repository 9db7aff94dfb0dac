// Finding an array's elements without reading them, so that they can be read on several threads.

extension JSONByteReader {
    /// The byte range of each element of the array at the reader, found by a structural scan
    /// only: brackets counted, strings (and their escapes) stepped over, nothing else checked.
    /// The reader moves past the array. Nil when the scan finds no well-formed array there;
    /// the array is then to be read with `readArray` for the precise error.
    ///
    /// Each range starts at its element's first byte and ends right after its last one. An
    /// element read with `reader(at:)` from its range's start is the element `readArray` would
    /// have read only when the reading succeeds and ends exactly at the range's end: the scan
    /// itself does not validate the elements.
    public mutating func scanArrayElements() -> [Range<Int>]? {
        guard (try? peek()) == .array else { return nil }
        index += 1
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return [] }
        var ranges: [Range<Int>] = []
        while true {
            let start = index
            guard let end = scanElement() else { return nil }
            var last = end
            while last > start, Self.isWhitespace(bytes[last - 1]) { last -= 1 }
            guard last > start else { return nil }
            ranges.append(start..<last)
            index = end + 1
            if bytes[end] == UInt8(ascii: "]") { return ranges }
            skipWhitespace()
        }
    }

    /// A reader on the same bytes at `offset`, e.g. the start of a range from `scanArrayElements()`.
    public func reader(at offset: Int) -> JSONByteReader {
        var reader = self
        reader.index = offset
        return reader
    }

    /// From an element's first byte: the offset of the `,` or `]` after it at its own depth,
    /// nil when the bytes end first or a bracket closes with none open.
    private func scanElement() -> Int? {
        var position = index
        var depth = 0
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard let closing = Self.closingQuote(in: bytes, after: position) else { return nil }
                position = closing
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return bytes[position] == UInt8(ascii: "]") ? position : nil }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return position }
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// The offset of the quote that closes the string opening at `quote`, escapes stepped over.
    private static func closingQuote(in bytes: UnsafeBufferPointer<UInt8>, after quote: Int) -> Int? {
        var position = quote + 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { return position }
            position += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }

    /// JSON's whitespace: space, line feed, carriage return, tab.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
