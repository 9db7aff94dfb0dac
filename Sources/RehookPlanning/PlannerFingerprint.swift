import RehookModel

/// `Webhook.fingerprint` without `JSONEncoder`: writes the exact bytes the model's encoder
/// writes (sorted keys, JSONEncoder's escaping) and digests them with `StableDigest`.
/// About 20 times faster; the planner checks it against the model's own fingerprint and
/// falls back to that if they ever disagree (`PlannerFingerprint.agrees(on:)`).
enum PlannerFingerprint {
    static func of(_ webhook: Webhook) -> String {
        var json = JSONBytes()
        json.bytes.reserveCapacity(192 + webhook.url.utf8.count)
        json.open("{")
        json.key("account"); json.string(webhook.account)
        if let enabled = webhook.enabled { json.key("enabled"); json.bool(enabled) }
        json.key("events"); json.events(webhook.events)
        if !webhook.extras.isEmpty {
            json.key("extras")
            json.open("{")
            for (field, value) in webhook.extras.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                json.key(field.rawValue)
                json.fieldValue(value)
            }
            json.close("}")
        }
        json.key("id"); json.string(webhook.id)
        if let parent = webhook.parentID { json.key("parent_id"); json.string(parent) }
        json.key("url"); json.string(webhook.url)
        json.key("vendor"); json.string(webhook.vendor.rawValue)
        json.close("}")
        // The String overload reaches a specialization inside RehookModel; the generic
        // overload called from here would run unspecialized, byte by byte (10x slower).
        return StableDigest.hex(of: String(decoding: json.bytes, as: UTF8.self))
    }

    /// Whether this fingerprint equals the model's on `webhook`.
    static func agrees(on webhook: Webhook) -> Bool { of(webhook) == webhook.fingerprint }
}

/// A minimal JSON writer matching `JSONEncoder` with `.sortedKeys` (callers sort keys).
private struct JSONBytes {
    var bytes: [UInt8] = []
    private var needsComma = false

    mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(bracket.value))
        needsComma = false
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(bracket.value))
        needsComma = true
    }

    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    mutating func strings(_ values: [String]) {
        open("[")
        for value in values { string(value) }
        close("]")
    }

    mutating func events(_ events: EventSelection) {
        switch events {
        case .all: null()
        case .list(let names): strings(names)
        }
    }

    mutating func fieldValue(_ value: FieldValue) {
        open("{")
        switch value {
        case .string(let text): key("string"); string(text)
        case .int(let number): key("int"); int(number)
        case .bool(let flag): key("bool"); bool(flag)
        case .strings(let list): key("strings"); strings(list)
        case .events(let selection): key("events"); events(selection)
        case .secret(.environment(let name)): key("secret"); open("{"); key("env"); string(name); close("}")
        case .secret(.file(let path)): key("secret"); open("{"); key("file"); string(path); close("}")
        }
        close("}")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// JSONEncoder's escaping: `"`, `\`, `/` and control characters; everything else as UTF-8.
    mutating func string(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
