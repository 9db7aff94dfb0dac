/// A response's shape did not match what the vendor documents.
struct JSONShapeError: Error, Sendable, Hashable {
    var message: String
}

/// A position in a decoded response, with the path that led there (`$.data.webhooks[2].url`),
/// so every shape error says exactly what was wrong and where.
struct JSONNode: Sendable {
    /// `nil` when the member is absent.
    let value: JSONValue?
    /// The path, as `base` and up to two steps after it: written out only for an error (a
    /// string per node read was a large part of reading a listing of thousands of webhooks).
    private let base: String
    private let first: Step?
    private let second: Step?

    private enum Step: Sendable {
        case key(String)
        case index(Int)

        func render(into path: inout String) {
            switch self {
            case .key(let key): path += "." + key
            case .index(let index): path += "[\(index)]"
            }
        }
    }

    init(_ value: JSONValue?, path: String = "$") {
        self.init(value, base: path, first: nil, second: nil)
    }

    private init(_ value: JSONValue?, base: String, first: Step?, second: Step?) {
        self.value = value
        self.base = base
        self.first = first
        self.second = second
    }

    /// `$.data.webhooks[2].url`.
    var path: String {
        var path = base
        first?.render(into: &path)
        second?.render(into: &path)
        return path
    }

    private func child(_ value: JSONValue?, _ step: Step) -> JSONNode {
        if first == nil { return JSONNode(value, base: base, first: step, second: nil) }
        if second == nil { return JSONNode(value, base: base, first: first, second: step) }
        return JSONNode(value, base: path, first: step, second: nil)
    }

    subscript(key: String) -> JSONNode { child(value?[key], .key(key)) }

    /// Absent or JSON `null`.
    var isAbsent: Bool { value == nil || value == .null }

    private func mismatch(_ expected: String) -> JSONShapeError {
        JSONShapeError(message: "expected \(expected) at \(path), got \(value?.typeName ?? "nothing")")
    }

    func string() throws(JSONShapeError) -> String {
        guard case .string(let text)? = value else { throw mismatch("string") }
        return text
    }

    func int() throws(JSONShapeError) -> Int {
        guard case .int(let number)? = value else { throw mismatch("integer") }
        return number
    }

    func bool() throws(JSONShapeError) -> Bool {
        guard case .bool(let flag)? = value else { throw mismatch("boolean") }
        return flag
    }

    func array() throws(JSONShapeError) -> [JSONNode] {
        guard case .array(let items)? = value else { throw mismatch("array") }
        // The elements share this node's path, written out once.
        let parent = second == nil ? self : JSONNode(value, base: path, first: nil, second: nil)
        return items.enumerated().map { parent.child($0.element, .index($0.offset)) }
    }

    /// The member names of an object, in the order received.
    func objectKeys() throws(JSONShapeError) -> [String] {
        guard case .object(let members)? = value else { throw mismatch("object") }
        return members.map(\.key)
    }

    func stringArray() throws(JSONShapeError) -> [String] {
        // Straight from the values when every item is a string (a node per item, each with
        // its path, was most of reading a webhook's event list); through the nodes otherwise,
        // for the error naming the item.
        if case .array(let items)? = value {
            var result: [String] = []
            result.reserveCapacity(items.count)
            for item in items {
                guard case .string(let text) = item else { return try stringArrayByNode() }
                result.append(text)
            }
            return result
        }
        return try stringArrayByNode()
    }

    private func stringArrayByNode() throws(JSONShapeError) -> [String] {
        var result: [String] = []
        for item in try array() { result.append(try item.string()) }
        return result
    }

    /// `nil` when absent or null; a wrong type is still an error.
    func optionalString() throws(JSONShapeError) -> String? { isAbsent ? nil : try string() }
    func optionalInt() throws(JSONShapeError) -> Int? { isAbsent ? nil : try int() }

    /// One of a fixed set of strings (`status: enabled|disabled`).
    func oneOf(_ allowed: [String]) throws(JSONShapeError) -> String {
        let text = try string()
        guard allowed.contains(text) else {
            let choices = allowed.map { "\"\($0)\"" }.joined(separator: " or ")
            throw JSONShapeError(message: "expected \(choices) at \(path), got \"\(text)\"")
        }
        return text
    }

    /// Fails unless the node is an object (so `$.data` being a string is reported as such).
    func requireObject() throws(JSONShapeError) {
        guard case .object? = value else { throw mismatch("object") }
    }
}
