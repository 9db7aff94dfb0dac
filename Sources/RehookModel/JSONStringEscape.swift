/// The escapes of a JSON string (RFC 8259 §7): decoded for both of rehook's byte readers (plan,
/// inventory and journal files through `JSONByteReader`, vendor responses through the vendors'
/// `JSONParser`), and written for both of its writers (`JSONByteWriter`, the vendors' request
/// bodies).
public enum JSONStringEscape {
    /// Why an escape could not be decoded. The index passed in is left where a reader should
    /// report it: at the offending byte, or at the end of the input when it ran out.
    public enum Failure: Error, Sendable, Hashable {
        /// The input ended right after the backslash.
        case truncated
        /// The input ended inside a `\u` escape.
        case truncatedUnicode
        /// A backslash followed by a byte that starts no escape (at that byte).
        case invalidEscape
        /// A `\u` escape with a byte that is not a hex digit (at that byte).
        case invalidHexDigit
        /// A `\u` high surrogate not followed by a `\u` escape.
        case missingLowSurrogate
        /// A surrogate that does not pair up.
        case unpairedSurrogate
    }

    /// Decodes the escape after a backslash, the escape's first byte at `bytes[index]`:
    /// appends its UTF-8 to `scratch` and moves `index` past it.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int,
                              into scratch: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw .truncated }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(bytes, at: &index)
            if (0xD800..<0xDC00).contains(scalar) {
                if index + 1 >= bytes.count { index = bytes.count } // perhaps the low surrogate follows
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw .missingLowSurrogate }
                index += 2
                let low = try hex4(bytes, at: &index)
                guard (0xDC00..<0xE000).contains(low) else { throw .unpairedSurrogate }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .unpairedSurrogate }
            scratch.append(contentsOf: String(Character(unicode)).utf8)
        default:
            index -= 1
            throw .invalidEscape
        }
    }

    /// The four hex digits of a `\u` escape at `bytes[index]`, moving `index` past them.
    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else {
            index = bytes.count
            throw .truncatedUnicode
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalidHexDigit
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

extension JSONStringEscape {
    /// How a writer escapes: `"`, `\` and control characters always; `/` when `escapesSlashes`
    /// (`JSONEncoder` without `.withoutEscapingSlashes`); backspace and form feed as `\b` and
    /// `\f` when `namesBackspaceAndFormFeed` (as `JSONEncoder` does), else as `\u0008`, `\u000c`.
    public struct Style: Sendable, Hashable {
        public var escapesSlashes: Bool
        public var namesBackspaceAndFormFeed: Bool

        public init(escapesSlashes: Bool, namesBackspaceAndFormFeed: Bool = true) {
            self.escapesSlashes = escapesSlashes
            self.namesBackspaceAndFormFeed = namesBackspaceAndFormFeed
        }
    }

    /// Appends `text` to `bytes` as a JSON string, quotes included, escaped in `style`.
    ///
    /// The runs between bytes to escape are copied whole (most text has none; a URL's slashes,
    /// where escaped, are its only ones), not byte by byte.
    public static func appendQuoted(_ text: String, to bytes: inout [UInt8], style: Style) {
        bytes.append(UInt8(ascii: "\""))
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            appendEscaped(utf8, to: &bytes, style: style)
        }
        if copied == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &bytes, style: style) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8], style: Style) {
        // Stands for `/` when slashes are escaped; otherwise `"`, which is escaped anyway.
        let slash = style.escapesSlashes ? UInt8(ascii: "/") : UInt8(ascii: "\"")
        var runStart = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == slash else {
                index += 1
                continue
            }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            appendEscape(of: byte, to: &bytes, namingBackspaceAndFormFeed: style.namesBackspaceAndFormFeed)
            index += 1
            runStart = index
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    private static func appendEscape(of byte: UInt8, to bytes: inout [UInt8], namingBackspaceAndFormFeed: Bool) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
        case 0x08 where namingBackspaceAndFormFeed: bytes.append(UInt8(ascii: "b"))
        case 0x0C where namingBackspaceAndFormFeed: bytes.append(UInt8(ascii: "f"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            bytes.append(UInt8(ascii: "u"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "0"))
            bytes.append(HexDigits.digit(byte >> 4))
            bytes.append(HexDigits.digit(byte & 0xF))
        }
    }
}
