import Foundation
import RehookTestSupport
@testable import RehookVendors
import Testing

/// `JSONParser` against `JSONDecoder` (through the untyped `Decodable` reader it replaced):
/// both must accept and reject the same documents and read the same values.
@Suite struct JSONParserTests {
    static let documents: [String] = [
        #"{}"#, #"[]"#, #"null"#, #"true"#, #"false"#, #"0"#, #"-0"#, #"42"#, #"-17"#, #"3.25"#, #"1e3"#, #"2.5E-3"#,
        #"30.0"#, #"9223372036854775807"#, #"-9223372036854775808"#, #"1e400"#, #""plain""#,
        #""esc \" \\ \/ \b \f \n \r \t""#, #""\u00e9\u4e2d\ud83d\ude00""#, #"" é 中 😀 ""#,
        #"{"b": 1, "a": [true, null, "x"], "c": {"d": -2.5}}"#, #"{"k": 1, "k": 2}"#, #"[1,]"#, #"{"a":1,}"#,
        "  \n\t{\"spaced\" : [ 1 , 2 ] }  \r\n", #"[[[[[]]]]]"#,
        #"{"data": [{"id": "wh_1", "url": "https://x.dev/h", "events": ["a", "b"], "status": 1}], "code": 0}"#,
        // Invalid: every one of these must be rejected by both.
        "", " ", #"{"#, #"[,]"#, #"[1,,]"#, #"{,}"#, #"{a:1}"#, #"'x'"#, #"01"#, #"1."#, #".5"#, #"-"#, #"+1"#, #"1e"#,
        #"tru"#, #"nul"#, #"[1 2]"#, #"{"a" 1}"#, #"{} {}"#, #""unterminated"#, "\"tab\there\"", #""\x""#,
        #""\u12""#, #""\ud83d""#, #""\ude00""#, #"NaN"#, #"Infinity"#, #"[1]x"#, "<html><body>502</body></html>",
    ]

    @Test(arguments: documents)
    func agreesWithFoundation(_ document: String) {
        let data = Data(document.utf8)
        #expect(JSONParser.parse(data) == Self.reference(data), "\(document)")
    }

    @Test func rejectsInvalidUTF8LikeFoundation() {
        let data = Data([0x22, 0xFF, 0xFE, 0x22])
        #expect(JSONParser.parse(data) == nil)
        #expect(Self.reference(data) == nil)
    }

    @Test func agreesOnEveryCorpusFile() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
        let files = try #require(FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }
        #expect(files.count > 20)
        for file in files {
            let data = try Data(contentsOf: file)
            #expect(JSONParser.parse(data) == Self.reference(data), "\(file.lastPathComponent)")
        }
    }

    @Test func stopsAtTheDepthLimitInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONParser.parse(Data(deep.utf8)) == nil)
        let allowed = JSONParser.maximumDepth
        let shallow = String(repeating: "[", count: allowed) + String(repeating: "]", count: allowed)
        #expect(JSONParser.parse(Data(shallow.utf8)) != nil)
    }

    @Test func randomDocumentsRoundTripThroughTheSerializer() {
        var generator = SeededGenerator(seed: 20_261_123)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let text = value.serialized
            #expect(JSONParser.parse(text) == Self.reference(text))
            #expect(JSONParser.parse(text) == Self.normalized(value))
        }
    }

    // MARK: - Reference and generators

    /// The previous reader: `JSONDecoder` through an untyped `Decodable`.
    static func reference(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(ReferenceJSON.self, from: data).value
    }

    /// What reading back a serialised value gives: members sorted by key, first duplicate
    /// wins, integral numbers as integers.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): .array(items.map(normalized))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, normalized($0.value)) }, uniquingKeysWith: { first, _ in first })
                .sorted { $0.key < $1.key }.map { JSONMember($0.key, $0.value) })
        case .double(let double) where double == double.rounded(): .int(Int(double))
        default: value
        }
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let pick = Int(generator.next() % (depth > 3 ? 5 : 7))
        switch pick {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: generator.next()) >> Int(generator.next() % 60))
        case 3: return .double(Double(Int(generator.next() % 100_000)) / 64 + 0.5)
        case 4: return .string(randomString(using: &generator))
        case 5: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            return .object((0..<Int(generator.next() % 4)).map { _ in
                JSONMember(randomString(using: &generator), randomValue(depth: depth + 1, using: &generator))
            })
        }
    }

    static func randomString(using generator: inout SeededGenerator) -> String {
        let alphabet = Array("ab/\"\\\n\t é中😀\u{01}")
        return String((0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}

/// The untyped `Decodable` reader `JSONParser` replaced, kept as the reference.
private struct ReferenceJSON: Decodable {
    let value: JSONValue

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            let keys = keyed.allKeys.sorted { $0.stringValue < $1.stringValue }
            value = .object(try keys.map { JSONMember($0.stringValue, try keyed.decode(ReferenceJSON.self, forKey: $0).value) })
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(ReferenceJSON.self).value) }
            value = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let bool = try? single.decode(Bool.self) {
            value = .bool(bool)
        } else if let integer = try? single.decode(Int.self) {
            value = .int(integer)
        } else if let double = try? single.decode(Double.self) {
            value = .double(double)
        } else {
            value = .string(try single.decode(String.self))
        }
    }
}
