import Foundation
@testable import RehookModel
import Testing

/// Plans written and read change by change (`PlanFile.encode(_:changeCount:change:chunk:)`,
/// `PlanFile.open`) and `JSONByteReader`: the same bytes and the same plans as the whole-plan
/// codec, and the same errors for damaged files.
@Suite struct PlanFileStreamTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../RehookOutputTests/Golden").standardizedFileURL

    static func temporaryFile(_ data: Data) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-stream-\(UUID().uuidString).json")
        try data.write(to: url)
        return url.path
    }

    /// Plans with escapes, non-ASCII text, all events, secrets and several vendors.
    static var plans: [Plan] {
        [PlanJSONTests.plan(changes: 0), PlanJSONTests.plan(changes: 1, warnings: ["w"]),
         PlanJSONTests.plan(changes: 17, warnings: ["w1", "two\nlines"])]
    }

    @Test("written in pieces, a plan is byte for byte its whole encoding", arguments: [1, 100, 1 << 20])
    func piecesAreTheWholeEncoding(chunkSize: Int) throws {
        for plan in Self.plans {
            var pieces: [[UInt8]] = []
            PlanFile.encode(plan, changeCount: plan.changes.count, change: { plan.changes[$0] }, chunkSize: chunkSize) {
                pieces.append($0)
            }
            #expect(pieces.joined().elementsEqual(PlanFile.encodedBytes(plan)))
            #expect(chunkSize > 100 || plan.changes.count < 2 || pieces.count > 2, "small pieces are handed over as they fill")
        }
    }

    @Test("written from changes encoded one by one, a plan is byte for byte its whole encoding")
    func preEncodedChanges() {
        for plan in Self.plans {
            let encoded = plan.changes.map(PlanFile.encodedChange)
            var pieces: [UInt8] = []
            PlanFile.encode(plan, changeCount: encoded.count, encodedChange: { encoded[$0] }, chunkSize: 200) { pieces += $0 }
            #expect(pieces == PlanFile.encodedBytes(plan))
        }
    }

    @Test("opened through windows of any size, a plan file reads as decode reads it", arguments: [16, 97, 4 << 20])
    func openedEqualsDecoded(windowSize: Int) throws {
        var files = Self.plans.map { PlanFile.encode($0) }
        for name in ["fleet", "risky", "empty"] {
            files.append(try Data(contentsOf: Self.goldenFolder.appendingPathComponent("\(name).plan.json")))
        }
        // Another writer's layout: compact, keys in another order, a member rehook does not know.
        let encoder = JSONEncoder()
        files.append(try encoder.encode(Self.plans[2]))
        var compact = String(decoding: try encoder.encode(Self.plans[1]), as: UTF8.self)
        compact.removeLast()
        files.append(Data((compact + #", "x_extension": [[{"deep": [1, 2.5e3, true, null, "\u00e9"]}]]} "#).utf8))
        for data in files {
            let path = try Self.temporaryFile(data)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var visited: [WebhookKey] = []
            let opened = try PlanFile.open(path: path, windowSize: windowSize) { visited.append($0.key) }
            let decoded = try PlanFile.decode(data, path: path)
            #expect(try opened.load() == decoded)
            #expect(opened.keys == decoded.changes.map(\.key))
            #expect(visited == decoded.changes.map(\.key), "each change visited once, in order")
            #expect(opened.wholeFile?.size == data.count, "read from its file, not held (\(windowSize))")
            var copy: [UInt8] = []
            try opened.wholeFile?.read(chunkSize: 7) { copy += $0 }
            #expect(copy.elementsEqual(data))
            var encoded: [UInt8] = []
            try opened.encode { encoded += $0 }
            #expect(encoded == PlanFile.encodedBytes(decoded))
        }
    }

    @Test("a filtered plan keeps its order and is no longer its file's bytes")
    func filtered() throws {
        let plan = Self.plans[2]
        let path = try Self.temporaryFile(PlanFile.encode(plan))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let kept = try PlanFile.open(path: path).filter { $0.vendor == .jogg }
        #expect(kept.wholeFile == nil)
        #expect(try kept.load().changes == plan.changes.filter { $0.key.vendor == .jogg })
        #expect(kept.header.unchangedMatches == plan.unchangedMatches)
    }

    /// Every truncation and a sample of one-byte damages of a golden plan: `open` refuses
    /// exactly as `decode` does (or, where `decode` reads it, reads the same plan).
    @Test("a damaged plan file is refused by open with decode's own message", arguments: ["fleet", "risky"])
    func damagedFilesGiveDecodesErrors(_ name: String) throws {
        let data = try Data(contentsOf: Self.goldenFolder.appendingPathComponent("\(name).plan.json"))
        var variants: [Data] = stride(from: 0, to: data.count, by: max(1, data.count / 150)).map { data.prefix($0) }
        for position in stride(from: 0, to: data.count, by: max(1, data.count / 150)) {
            for byte: UInt8 in [UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: "1"), 0xFF] {
                var damaged = data
                damaged[position] = byte
                variants.append(damaged)
            }
        }
        for variant in variants {
            let path = try Self.temporaryFile(variant)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let viaDecode = Result { try PlanFile.decode(variant, path: path) }
            let viaOpen = Result { try PlanFile.open(path: path, windowSize: 64).load() }
            switch (viaDecode, viaOpen) {
            case (.success(let decoded), .success(let opened)):
                #expect(decoded == opened)
            case (.failure(let decodeError), .failure(let openError)):
                #expect(String(describing: decodeError) == String(describing: openError))
            default:
                let position = Array(zip(variant, data)).firstIndex { $0.0 != $0.1 } ?? variant.count
                let context = String(decoding: variant[max(0, position - 60)..<min(variant.count, position + 20)], as: UTF8.self)
                Issue.record("decode and open disagree at byte \(position) of \(variant.count): \(viaDecode) / \(viaOpen): \(context)")
            }
        }
    }

    @Test("a change read again after its file changed names the file and the change")
    func fileChangedUnderneath() throws {
        let plan = Self.plans[2]
        let data = PlanFile.encode(plan)
        let path = try Self.temporaryFile(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let opened = try PlanFile.open(path: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: " "), count: data.count))
        try handle.close()
        #expect(throws: PlanFileError.self) { try opened.change(at: 3) }
        do {
            _ = try opened.change(at: 3)
        } catch {
            #expect(String(describing: error).hasPrefix("\(path): invalid plan at $.changes[3]: the file changed"))
        }
    }
}

/// `JSONByteReader` on what JSON allows and forbids, with the place of each error.
@Suite struct JSONByteReaderTests {
    static func webhook(_ json: String) throws(JSONReadError) -> Webhook {
        try JSONByteReader.read(Data(json.utf8)) { reader throws(JSONReadError) in try reader.readWebhook() }
    }

    @Test func readsWhatJSONDecoderReads() throws {
        let texts = [
            #"{"vendor":"jogg","account":"a","id":"x","url":"https:\/\/h\u00e9.dev\/\ud83d\ude00","events":["a"],"extras":{"username":{"string":"\"q\"\n"}}}"#,
            #" { "url" : "u", "id" : "i", "account" : "a", "vendor" : "heygen", "events" : null, "enabled" : true, "other" : {"a": [[[]]]} } "#,
            #"{"vendor":"talkover","account":"a","id":"x","url":"u","parent_id":"ag","extras":{"timeout":{"int":-30},"headers":{"strings":["A: b"]}}}"#,
            #"{"vendor":"argil","account":"a","id":"x","url":"u","enabled":null,"parent_id":null,"extras":null}"#,
        ]
        for text in texts {
            #expect(try Self.webhook(text) == JSONDecoder().decode(Webhook.self, from: Data(text.utf8)), "\(text)")
        }
    }

    @Test(arguments: [
        (#"{"vendor":"jogg","account":"a","id":"x","url":7}"#, "at url: expected a string, found number"),
        (#"{"vendor":"jogg","account":"a","id":"x"}"#, "missing key 'url'"),
        (#"{"vendor":"stripe","account":"a","id":"x","url":"u"}"#, "at vendor: unknown vendor 'stripe'"),
        (#"{"vendor":"jogg","account":"a","id":"x","url":"u","extras":{"colour":{"string":"r"}}}"#, "at extras.colour: unknown field 'colour'"),
        (#"{"vendor":"jogg","account":"a","id":"x","url":"u","extras":{"timeout":{"int":1.5}}}"#,
         "at extras.timeout.int: expected an integer, found number 1.5"),
        (#"{"vendor":"jogg","account":"a","id":"x","url":"u","extras":{"timeout":{"int":1,"bool":true}}}"#,
         "at extras.timeout: a field value is an object with exactly one of"),
        (#"{"vendor":"jogg","account":"a","id":"x","url":"u","events":["a",]}"#, "not valid JSON: unexpected character ']' at line 1, column "),
        ("{\"vendor\":\"jogg\",\n\"id\":\"a\u{01}\"}", "not valid JSON: unescaped control character in a string at line 2, column 8"),
        (#"{"vendor":"jogg","account":"a","id":"x","url":"u"} x"#,
         "not valid JSON: unexpected bytes after the end of the document at line 1, column 52"),
        (#"{"vendor":"jogg","id":"\ud800"}"#, "not valid JSON: a \\u escape of a high surrogate without its low surrogate"),
    ])
    func errorsSayWhereAndWhat(json: String, message: String) {
        do {
            _ = try Self.webhook(json)
            Issue.record("read: \(json)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"vendor":"jogg","account":"a","id":"x","url":"#.utf8)
        bytes += [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\""), UInt8(ascii: "}")]
        #expect(throws: JSONReadError.self) {
            try JSONByteReader.read(Data(bytes)) { reader throws(JSONReadError) in try reader.readWebhook() }
        }
    }

    @Test("skipping a value of any depth neither recurses nor accepts broken syntax")
    func skipDeepValues() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let read = try JSONByteReader.read(Data((#"{"x":"# + deep + #","vendor":"jogg","account":"a","id":"x","url":"u"}"#).utf8)) {
            reader throws(JSONReadError) in try reader.readWebhook()
        }
        #expect(read.id == "x")
        #expect(throws: JSONReadError.self) {
            try JSONByteReader.read(Data(#"{"x":[1,{"a" 2}],"vendor":"jogg"}"#.utf8)) { reader throws(JSONReadError) in
                try reader.readWebhook()
            }
        }
    }
}
