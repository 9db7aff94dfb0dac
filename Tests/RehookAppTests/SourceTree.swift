import Foundation

/// The package's own files, by path relative to the package root.
enum SourceTree {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every `.swift` file below `directory`, sorted; empty when there is no such directory.
    static func swiftFiles(under directory: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            .map { directory + "/" + $0 }.sorted()
    }
}

/// Swift source split into what the compiler reads as code (identifiers) and the text of its
/// string literals, comments dropped. Handles `//` and `/* */` comments, `"…"`, `"""…"""`,
/// raw strings (`#"…"#`), escapes and interpolations (`\(…)`, whose contents are code).
struct SwiftSourceText {
    private(set) var code = ""
    private(set) var strings: [String] = []

    private enum Mode {
        case code(openParentheses: Int)
        case string(multiline: Bool, hashes: Int, text: String)
    }

    init(_ source: String) {
        let characters = Array(source)
        var modes: [Mode] = [.code(openParentheses: 0)]
        var index = 0
        func starts(_ prefix: String, at position: Int) -> Bool {
            let prefix = Array(prefix)
            return position + prefix.count <= characters.count && Array(characters[position..<position + prefix.count]) == prefix
        }
        while index < characters.count {
            let character = characters[index]
            switch modes[modes.count - 1] {
            case .code(let open):
                if starts("//", at: index) {
                    while index < characters.count, characters[index] != "\n" { index += 1 }
                    continue
                }
                if starts("/*", at: index) {
                    index += 2
                    while index < characters.count, !starts("*/", at: index) { index += 1 }
                    index += 2
                    continue
                }
                var hashes = 0
                while index + hashes < characters.count, characters[index + hashes] == "#" { hashes += 1 }
                if index + hashes < characters.count, characters[index + hashes] == "\"" {
                    let multiline = starts("\"\"\"", at: index + hashes)
                    index += hashes + (multiline ? 3 : 1)
                    modes.append(.string(multiline: multiline, hashes: hashes, text: ""))
                    code.append(" ")
                    continue
                }
                if modes.count > 1, character == "(" { modes[modes.count - 1] = .code(openParentheses: open + 1) }
                if modes.count > 1, character == ")" {
                    if open == 0 {
                        modes.removeLast()
                        code.append(" ")
                        index += 1
                        continue
                    }
                    modes[modes.count - 1] = .code(openParentheses: open - 1)
                }
                code.append(character)
                index += 1
            case .string(let multiline, let hashes, var text):
                let delimiterHashes = String(repeating: "#", count: hashes)
                if starts("\\" + delimiterHashes + "(", at: index) {
                    modes[modes.count - 1] = .string(multiline: multiline, hashes: hashes, text: text + " ")
                    modes.append(.code(openParentheses: 0))
                    index += hashes + 2
                    continue
                }
                if starts("\\" + delimiterHashes, at: index), index + hashes + 1 < characters.count {
                    text.append(characters[index + hashes + 1])
                    modes[modes.count - 1] = .string(multiline: multiline, hashes: hashes, text: text)
                    index += hashes + 2
                    continue
                }
                let closing = (multiline ? "\"\"\"" : "\"") + delimiterHashes
                if starts(closing, at: index) {
                    strings.append(text)
                    modes.removeLast()
                    index += closing.count
                    continue
                }
                text.append(character)
                modes[modes.count - 1] = .string(multiline: multiline, hashes: hashes, text: text)
                index += 1
            }
        }
    }

    /// Every identifier of the code, in order.
    var identifiers: [String] {
        code.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
    }
}
