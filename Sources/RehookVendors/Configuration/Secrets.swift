import Foundation
import RehookModel

/// A vendor API key. Printing, dumping or interpolating it shows `<redacted>`.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself; read only where a request header is built.
    let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, unlabeledChildren: ["<redacted>"], displayStyle: .struct) }
}

/// Where an account's API key comes from. Config files name a source, never the key.
public enum KeySource: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    /// A file whose contents (surrounding whitespace trimmed) are the key.
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }
}

/// Resolves a webhook secret reference at the moment of a write.
public protocol SecretResolving: Sendable {
    /// The secret's value. Errors say what is missing, never a value.
    func resolve(_ reference: SecretReference) throws(SecretResolutionError) -> String
}

/// A secret (or key) could not be read.
public struct SecretResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads secrets from an environment snapshot and from files.
public struct EnvironmentSecretResolver: SecretResolving {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func resolve(_ reference: SecretReference) throws(SecretResolutionError) -> String {
        switch reference {
        case .environment(let name):
            return try Self.readVariable(name, from: environment)
        case .file(let path):
            return try Self.readFile(path)
        }
    }

    /// The non-empty value of an environment variable.
    static func readVariable(_ name: String, from environment: [String: String]) throws(SecretResolutionError) -> String {
        guard let value = environment[name] else {
            throw SecretResolutionError("environment variable \(name) is not set")
        }
        guard !value.isEmpty else { throw SecretResolutionError("environment variable \(name) is empty") }
        return value
    }

    /// The contents of a file, surrounding whitespace and newlines trimmed; must not be empty.
    static func readFile(_ path: String) throws(SecretResolutionError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecretResolutionError("file \(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SecretResolutionError("file \(path) is not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SecretResolutionError("file \(path) is empty") }
        return trimmed
    }
}
