/// The escapes of a JSON string (RFC 8259 §7), decoded for both of rehook's byte readers: plan,
/// inventory and journal files (`JSONByteReader`) and vendor responses (the vendors' `JSONParser`).
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
