import Foundation
import RehookModel

/// The builtin functions' runtime behaviour.
enum Builtins {
    static func call(_ builtin: Builtin, _ values: [Value], at range: SourceRange,
                     arguments: [Expression]) throws(RuntimeError) -> Value {
        guard values.count == builtin.arity else {
            throw RuntimeError("\(builtin.signature) takes \(builtin.arity) argument\(builtin.arity == 1 ? "" : "s"), got \(values.count)",
                               at: range)
        }
        var strings: [String] = []
        for (index, value) in values.enumerated() {
            guard case .string(let string) = value else {
                throw RuntimeError("\(builtin.rawValue) expects a string, got \(value.articledType)", at: arguments[index].range)
            }
            strings.append(string)
        }
        switch builtin {
        case .replace:
            return .string(strings[1].isEmpty ? strings[0] : strings[0].replacingOccurrences(of: strings[1], with: strings[2]))
        case .lower: return .string(strings[0].lowercased())
        case .upper: return .string(strings[0].uppercased())
        case .trim: return .string(strings[0].trimmingCharacters(in: .whitespacesAndNewlines))
        case .host: return .string(try components(strings[0], at: arguments[0].range).host ?? "")
        case .path: return .string(try components(strings[0], at: arguments[0].range).percentEncodedPath)
        case .withHost:
            var url = try components(strings[0], at: arguments[0].range)
            guard isValidHost(strings[1]) else {
                throw RuntimeError("with_host: '\(strings[1])' is not a valid host name", at: arguments[1].range)
            }
            url.host = strings[1]
            guard let result = url.string else {
                throw RuntimeError("with_host: cannot build a URL with host '\(strings[1])'", at: range)
            }
            return .string(result)
        case .env:
            guard isEnvironmentName(strings[0]) else {
                throw RuntimeError("env: '\(strings[0])' is not a valid environment variable name", at: arguments[0].range)
            }
            return .secret(.environment(strings[0]))
        case .file:
            guard !strings[0].isEmpty else { throw RuntimeError("file: the path is empty", at: arguments[0].range) }
            return .secret(.file(strings[0]))
        }
    }

    /// `text` parsed as an absolute URL with a scheme and a host.
    static func components(_ text: String, at range: SourceRange) throws(RuntimeError) -> URLComponents {
        guard let components = URLComponents(string: text), components.scheme != nil,
              let host = components.host, !host.isEmpty else {
            throw RuntimeError("'\(text)' is not a valid absolute URL", at: range)
        }
        return components
    }

    static func isValidHost(_ host: String) -> Bool {
        !host.isEmpty && host.unicodeScalars.allSatisfy { scalar in
            Lexer.isIdentifierContinue(scalar) || scalar == "." || scalar == "-" || scalar == ":"
        }
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, Lexer.isIdentifierStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(Lexer.isIdentifierContinue)
    }
}
