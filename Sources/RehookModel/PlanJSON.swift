import Foundation

extension Plan {
    /// The plan as the plan file's JSON: UTF-8, keys sorted, pretty printed, `/` unescaped, no
    /// trailing newline — byte for byte what `JSONEncoder` gives for the whole plan.
    ///
    /// Encoded change by change and spliced into the encoding of the plan without changes:
    /// `JSONEncoder` builds its whole value tree before writing, which for a large plan cost
    /// ~10 KB of transient memory per change, several times the plan itself.
    public func fileJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var shell = self
        shell.changes = []
        let outline = try encoder.encode(shell)
        // Sorted keys put "changes" first; an empty array prints as "[\n\n  ]".
        let emptyChanges = Data("\"changes\" : [\n\n  ]".utf8)
        guard !changes.isEmpty, let hole = outline.range(of: emptyChanges) else { return outline }

        var json = Data(outline[..<hole.lowerBound])
        json.append(contentsOf: "\"changes\" : [\n".utf8)
        for (index, change) in changes.enumerated() {
            if index > 0 { json.append(contentsOf: ",\n".utf8) }
            // Strings are escaped, so every newline in an encoded change is structural.
            let lines = try encoder.encode(change).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                if number > 0 { json.append(UInt8(ascii: "\n")) }
                json.append(contentsOf: "    ".utf8)
                json.append(contentsOf: line)
            }
        }
        json.append(contentsOf: "\n  ]".utf8)
        json.append(contentsOf: outline[hole.upperBound...])
        return json
    }
}
