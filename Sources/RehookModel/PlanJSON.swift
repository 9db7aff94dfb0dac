import Foundation

extension Plan {
    /// The plan as the plan file's JSON: UTF-8, keys sorted, pretty printed, `/` unescaped, no
    /// trailing newline — byte for byte what `JSONEncoder` gives for the whole plan.
    ///
    /// Encoded a chunk of changes at a time and spliced into the encoding of the plan without
    /// changes: `JSONEncoder` builds its whole value tree before writing, which for a large plan
    /// cost ~10 KB of transient memory per change, several times the plan itself. (One change
    /// per call cost a fifth of an apply's CPU in encoder set-up; chunks amortise it.)
    public func fileJSON() throws -> Data {
        try fileJSON(changesPerChunk: 512)
    }

    func fileJSON(changesPerChunk: Int) throws -> Data {
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
        var start = changes.startIndex
        while start < changes.endIndex {
            let end = min(start + max(1, changesPerChunk), changes.endIndex)
            if start > changes.startIndex { json.append(contentsOf: ",\n".utf8) }
            // An array prints as "[\n  {\n ...\n  }\n]": drop its bracket lines and indent the
            // rest by two more spaces, the depth of the plan's "changes". Strings are escaped,
            // so every newline in the encoding is structural.
            json.append(contentsOf: Self.indentedElements(of: try encoder.encode(Array(changes[start..<end]))))
            start = end
        }
        json.append(contentsOf: "\n  ]".utf8)
        json.append(contentsOf: outline[hole.upperBound...])
        return json
    }

    /// The lines between an encoded array's "[" and "]" lines, each indented two more spaces.
    private static func indentedElements(of array: Data) -> [UInt8] {
        let bytes = [UInt8](array)
        let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        guard let first = bytes.firstIndex(of: newline), let last = bytes.lastIndex(of: newline), first < last else {
            return []
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        out.append(space); out.append(space)
        for byte in bytes[(first + 1)..<last] {
            out.append(byte)
            if byte == newline { out.append(space); out.append(space) }
        }
        return out
    }
}
