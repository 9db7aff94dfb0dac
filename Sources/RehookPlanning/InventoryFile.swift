import Foundation
import RehookModel

/// Reads and writes inventory files (`docs/planning.md`).
public enum InventoryFile {
    /// The inventory as pretty-printed JSON with sorted keys (stable output for diffs and tests).
    public static func encode(_ inventory: Inventory) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value in an inventory is a string, integer, boolean, list or object, which
        // JSONEncoder always encodes; the fallback is unreachable.
        return (try? encoder.encode(inventory)) ?? Data("{}".utf8)
    }

    /// Decodes an inventory; errors name `path` and the JSON path of the offending value.
    ///
    /// Read with `JSONByteReader`, straight into the model (`JSONDecoder` took 1.7–2.7 s for
    /// 100,000 webhooks, most of an offline plan), the accounts on all cores. A document that
    /// does not read that way is read again serially (`decodeSerially`), which reports
    /// precisely what is wrong: the result and the errors are the serial reader's.
    public static func decode(_ data: Data, path: String) throws(InventoryFileError) -> Inventory {
        if let inventory = try? readConcurrently(data) { return inventory }
        return try decodeSerially(data, path: path)
    }

    /// The document with its accounts read concurrently (`readAccountsConcurrently()`). Any
    /// error means only that the document is not to be read this way: it says nothing precise.
    static func readConcurrently(_ data: Data) throws(JSONReadError) -> Inventory {
        try JSONByteReader.read(data) { reader throws(JSONReadError) in try reader.readInventory(concurrently: true) }
    }

    /// One pass over the bytes. A document that does not read has its header read on its own,
    /// so a wrong format or version is reported before any problem in the content (the header
    /// may come after `accounts`).
    static func decodeSerially(_ data: Data, path: String) throws(InventoryFileError) -> Inventory {
        do {
            return try JSONByteReader.read(data) { reader throws(JSONReadError) in try reader.readInventory(concurrently: false) }
        } catch {
            if let headerError = headerProblem(data) {
                throw InventoryFileError(path: path, jsonPath: headerError.renderedPath, reason: headerError.reason)
            }
            throw InventoryFileError(path: path, jsonPath: error.renderedPath, reason: error.reason)
        }
    }

    /// What is wrong with the `format` and `format_version` members, if they are there and
    /// wrong; nil when they are right, missing, or the top level cannot be read.
    private static func headerProblem(_ data: Data) -> JSONReadError? {
        var problem: JSONReadError?
        _ = try? JSONByteReader.read(data) { reader throws(JSONReadError) in
            try reader.readObject { reader, key throws(JSONReadError) in
                guard problem == nil, key.is("format") || key.is("format_version") else { return try reader.skipValue() }
                do throws(JSONReadError) {
                    if key.is("format") {
                        try Inventory.checkFormat(try reader.readString())
                    } else {
                        try Inventory.checkVersion(try reader.readInt())
                    }
                } catch {
                    problem = error.within(.key(key.string))
                    throw error
                }
            }
        }
        return problem
    }

    /// Reads and decodes the inventory file at `path`.
    public static func read(path: String) throws(InventoryFileError) -> Inventory {
        let data: Data
        do {
            // Copied, not mapped: a mapped file truncated by another process while it is read
            // would crash the process (SIGBUS); the copy is ~15 ms of a 100,000-webhook plan.
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InventoryFileError(path: path, jsonPath: "", reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode(data, path: path)
    }
}

/// A malformed or unreadable inventory file: which file, where in it, and what is wrong.
public struct InventoryFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// Where in the JSON, e.g. `accounts[0].webhooks[3].url`; empty for the whole file.
    public var jsonPath: String
    public var reason: String

    public init(path: String, jsonPath: String, reason: String) {
        self.path = path
        self.jsonPath = jsonPath
        self.reason = reason
    }

    public var description: String {
        jsonPath.isEmpty ? "\(path): \(reason)" : "\(path): at \(jsonPath): \(reason)"
    }
}
