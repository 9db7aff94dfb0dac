import Foundation

/// An object's key as `JSONByteReader` hands it over: compared without making a `String`.
/// Points into the reader's bytes: valid only during the `readObject` callback it is given to.
public struct JSONKey {
    private let raw: UnsafeBufferPointer<UInt8>?
    private let decoded: String?

    init(bytes: UnsafeBufferPointer<UInt8>) {
        raw = bytes
        decoded = nil
    }

    init(decoded: String) {
        raw = nil
        self.decoded = decoded
    }

    /// Whether the key is `name`.
    public func `is`(_ name: StaticString) -> Bool {
        if let raw {
            return raw.count == name.utf8CodeUnitCount && memcmp(raw.baseAddress!, name.utf8Start, raw.count) == 0
        }
        return decoded == name.description
    }

    /// The key as text.
    public var string: String {
        if let raw { return String(decoding: raw, as: UTF8.self) }
        return decoded ?? ""
    }
}

/// Why a JSON document could not be read: where (a JSON path) and what.
public struct JSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum PathComponent: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public enum Problem: Sendable, Hashable {
        /// Not JSON: what is wrong and where in the text.
        case syntax(detail: String, line: Int, column: Int)
        /// A value of the wrong type: `expected` ("a string"), `found` ("number").
        case typeMismatch(expected: String, found: String)
        /// An object lacks a required member.
        case missingKey(String)
        /// Well-formed, but not a valid value here (an unknown vendor, a duplicate id, …).
        case invalid(String)
    }

    /// From the document's root to the offending value.
    public var path: [PathComponent]
    public var problem: Problem
    /// The bytes ended in the middle of a value: more of the document may make it readable.
    public var isTruncation = false

    public init(path: [PathComponent] = [], problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// The same error one level further out: `component` prepended to the path (syntax errors
    /// keep no path: their line and column say where).
    public func within(_ component: PathComponent) -> JSONReadError {
        if case .syntax = problem { return self }
        var error = self
        error.path.insert(component, at: 0)
        return error
    }

    /// `accounts[0].webhooks[3].url`; empty at the root.
    public var renderedPath: String {
        var rendered = ""
        for component in path {
            switch component {
            case .index(let index): rendered += "[\(index)]"
            case .key(let key): rendered += (rendered.isEmpty ? "" : ".") + key
            }
        }
        return rendered
    }

    /// The problem alone, e.g. `expected a string, found number`.
    public var reason: String {
        switch problem {
        case .syntax(let detail, let line, let column): "not valid JSON: \(detail) at line \(line), column \(column)"
        case .typeMismatch(let expected, let found): "expected \(expected), found \(found)"
        case .missingKey(let key): "missing key '\(key)'"
        case .invalid(let message): message
        }
    }

    public var description: String {
        path.isEmpty ? reason : "at \(renderedPath): \(reason)"
    }
}
