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
    public static func decode(_ data: Data, path: String) throws(InventoryFileError) -> Inventory {
        do {
            return try JSONDecoder().decode(Inventory.self, from: data)
        } catch let error as DecodingError {
            throw InventoryFileError(path: path, decodingError: error)
        } catch {
            throw InventoryFileError(path: path, jsonPath: "", reason: "\(error)")
        }
    }

    /// Reads and decodes the inventory file at `path`.
    public static func read(path: String) throws(InventoryFileError) -> Inventory {
        let data: Data
        do {
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

    init(path: String, decodingError: DecodingError) {
        switch decodingError {
        case .typeMismatch(let type, let context):
            self.init(path: path, jsonPath: Self.render(context.codingPath),
                      reason: "expected \(Self.describe(type))" + Self.detail(context))
        case .valueNotFound(let type, let context):
            self.init(path: path, jsonPath: Self.render(context.codingPath),
                      reason: "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context):
            self.init(path: path, jsonPath: Self.render(context.codingPath),
                      reason: "missing key '\(key.stringValue)'")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
                self.init(path: path, jsonPath: "", reason: "not valid JSON" + (underlying.map { ": \($0)" } ?? ""))
            } else {
                self.init(path: path, jsonPath: Self.render(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            self.init(path: path, jsonPath: "", reason: "\(decodingError)")
        }
    }

    /// `accounts[0].webhooks[3].url`.
    static func render(_ codingPath: [any CodingKey]) -> String {
        var rendered = ""
        for key in codingPath {
            if let index = key.intValue {
                rendered += "[\(index)]"
            } else {
                rendered += (rendered.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return rendered
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is [Any].Type, is [String].Type: "a list"
        default: type == [String: Any].self ? "an object" : "a value of type \(type)"
        }
    }

    private static func detail(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        guard let range = text.range(of: "but found ") else { return "" }
        return ", found " + text[range.upperBound...].replacingOccurrences(of: " instead.", with: "")
    }
}
