import Foundation
import RehookModel
import Testing

/// Outside a vendor's folders (`Sources/*/<Vendor>/`, `Sources/RehookModel/Vendors/<Vendor>/`)
/// and the three registry files, no source file names a vendor in code: no identifier
/// containing its name (`.heygen`, `case heygen`, `HeyGenAdapter`) and no string literal
/// containing its display name ("HeyGen"). Comments may name vendors, and so may example text
/// in lower case (`--rate heygen-eu=10/s`).
@Suite struct VendorNamesTests {
    static let registryFiles: Set<String> = [
        "Sources/RehookModel/Vendors/VendorRegistry.swift",
        "Sources/RehookVendors/AdapterRegistry.swift",
        "Sources/RehookSandbox/FakeRegistry.swift",
    ]

    @Test func noSourceOutsideAVendorsFoldersNamesIt() throws {
        var found: [String] = []
        for path in SourceTree.swiftFiles(under: "Sources") where !Self.registryFiles.contains(path) {
            let folders = Set(path.split(separator: "/").dropLast().map(String.init))
            let text = SwiftSourceText(try SourceTree.read(path))
            let identifiers = text.identifiers.map { $0.lowercased() }
            for descriptor in VendorRegistry.descriptors where !folders.contains(descriptor.displayName) {
                let name = descriptor.id.rawValue
                for identifier in Set(identifiers) where identifier.contains(name) {
                    found.append("\(path): identifier '\(identifier)' names \(descriptor.displayName)")
                }
                if text.strings.contains(where: { Self.containsWord(descriptor.displayName, in: $0) }) {
                    found.append("\(path): a string literal names \(descriptor.displayName)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func theScanSeesCodeAndStringsButNotComments() {
        let text = SwiftSourceText(#"""
            // HeyGen in a comment
            let a = vendor == .heygen ? "only \(b.name) HeyGen" : #"raw "Argil""#  /* JoggAI */
            let c = """
                Talkover \(d.composio)
                """
            """#)
        #expect(text.identifiers.contains("heygen") && text.identifiers.contains("composio"))
        #expect(!text.identifiers.contains("HeyGen") && !text.identifiers.contains("Talkover"))
        #expect(text.strings.contains { Self.containsWord("HeyGen", in: $0) })
        #expect(text.strings.contains { Self.containsWord("Argil", in: $0) })
        #expect(text.strings.contains { Self.containsWord("Talkover", in: $0) })
        #expect(!text.strings.contains { Self.containsWord("JoggAI", in: $0) })
    }

    static func containsWord(_ word: String, in text: String) -> Bool {
        text.range(of: "(?<![A-Za-z0-9_])\(word)(?![A-Za-z0-9_])", options: .regularExpression) != nil
    }
}
