import Foundation
import Testing
import RehookModel
import RehookTestSupport
@testable import RehookPlanning

/// `InventoryFile.decode` reads the accounts on all cores; these check that it reads exactly
/// what the serial reader reads, and that a document the serial reader rejects is never
/// accepted and gets the serial reader's error.
@Suite("Inventory file, accounts read concurrently")
struct InventoryConcurrentDecodeTests {
    /// Text with what a structural scan must step over: quotes, backslashes, brackets and
    /// commas inside strings, control characters (escaped by the encoder), non-ASCII text.
    static let fragments = ["plain", "\"", "\\", "]", "}", "[", "{", ",", "\\\"]", "\n", "\t", "\u{01}", "é", "😀", "日本", "/", ":"]

    static func text(_ generator: inout SeededGenerator, _ prefix: String) -> String {
        let count = Int.random(in: 0...3, using: &generator)
        return prefix + (0..<count).map { _ in fragments.randomElement(using: &generator)! }.joined()
    }

    /// `accounts` accounts of up to `webhooks` webhooks each, vendors in turn, every string
    /// salted with fragments.
    static func generated(accounts: Int, webhooks: Int, seed: UInt64) -> Inventory {
        var generator = SeededGenerator(seed: seed)
        let vendors = VendorID.allCases
        let list = (0..<accounts).map { index in
            let vendor = vendors[index % vendors.count]
            let account = text(&generator, "acct\(index)")
            let hooks = (0..<Int.random(in: 0...webhooks, using: &generator)).map { number in
                Webhook(vendor: vendor, account: account, id: text(&generator, "id\(number)"),
                        parentID: Bool.random(using: &generator) ? text(&generator, "p") : nil,
                        url: text(&generator, "https://h.dev/"),
                        events: Bool.random(using: &generator) ? .all : .list([text(&generator, "e"), text(&generator, "f")]),
                        enabled: [true, false, nil].randomElement(using: &generator)!,
                        extras: Bool.random(using: &generator)
                            ? [.username: .string(text(&generator, "u")), .timeout: .int(Int.random(in: -5...90, using: &generator))]
                            : [:])
            }
            let catalogue = Bool.random(using: &generator) ? [text(&generator, "c"), "d"] : nil
            return AccountInventory(vendor: vendor, account: account, webhooks: hooks, eventCatalogue: catalogue)
        }
        return Inventory(accounts: list)
    }

    /// The inventory as `InventoryFile.encode` writes it, and compact (no whitespace at all).
    static func layouts(_ inventory: Inventory) throws -> [Data] {
        [InventoryFile.encode(inventory), try JSONEncoder().encode(inventory)]
    }

    @Test("generated inventories read concurrently equal the serial reading", arguments: [
        (0, 0), (1, 0), (1, 40), (2, 1), (3, 30), (15, 60), (40, 5),
    ])
    func concurrentEqualsSerial(accounts: Int, webhooks: Int) throws {
        for seed in UInt64(1)...4 {
            let inventory = Self.generated(accounts: accounts, webhooks: webhooks, seed: seed)
            for data in try Self.layouts(inventory) {
                let concurrent = try InventoryFile.readConcurrently(data)
                let serial = try InventoryFile.decodeSerially(data, path: "inv.json")
                #expect(concurrent == serial)
                #expect(serial == inventory)
            }
        }
    }

    @Test("any layout: strings with brackets and escapes, unknown members, whitespace")
    func oddLayout() throws {
        let json = #"""
             { "written_by": {"tool": "x]}", "list": [[], {}, "[{"]},
              "accounts" :[ {"vendor":"jogg","account":"a]\"},","notes":"\\","webhooks":[
                {"vendor":"jogg","account":"a]\"},","id":"\u005d","url":"https://h\u00e9.dev/\ud83d\ude00"}]} ,
               {"webhooks": [], "account": "b", "vendor": "heygen", "event_catalogue": null}
               ,{"vendor":"argil","account":"c","webhooks":[],"x":[1,-2.5e3,true,false,null,"]"]}	] ,
              "format": "rehook-inventory", "format_version": 1 }
            """#
        let data = Data(json.utf8)
        let concurrent = try InventoryFile.readConcurrently(data)
        #expect(concurrent == (try InventoryFile.decodeSerially(data, path: "inv.json")))
        #expect(concurrent.accounts.map(\.account) == ["a]\"},", "b", "c"])
        #expect(concurrent.accounts[0].webhooks.first?.url == "https://hé.dev/😀")
    }

    static let account = #"{"vendor": "jogg", "account": "main", "webhooks": []}"#
    static let other = #"{"vendor": "jogg", "account": "other", "webhooks": []}"#

    static func document(_ accounts: String) -> String {
        #"{"format": "rehook-inventory", "format_version": 1, "accounts": \#(accounts)}"#
    }

    /// Documents a structural scan could get wrong, each with the start of the serial error.
    static let rejected: [(String, String)] = [
        (document("[\(account),]"), "inv.json: not valid JSON: unexpected character ']' at line 1, column 120"),
        (document("[\(account),,\(other)]"), "inv.json: not valid JSON: unexpected character ','"),
        (document("[\(account) \(other)]"), "inv.json: not valid JSON: expected ',' or ']' in an array"),
        (document("[\(account)}]"), "inv.json: not valid JSON: expected ',' or ']' in an array"),
        (document("[\(account)]]"), "inv.json: not valid JSON: expected ',' or '}' in an object"),
        (document(#"[{"vendor": "jogg", "account": "main", "webhooks": [}]"#), "inv.json: not valid JSON: unexpected character '}'"),
        (document(#"[\#(other), {"vendor": "jogg", "account": "main", "webhooks": [], "x": "\"#), "inv.json: not valid JSON: unexpected end of the file in a string"),
        (document("[\(other), 1]"), "inv.json: at accounts[1]: expected an object, found number"),
        (document("{}"), "inv.json: at accounts: expected a list, found object"),
        (document("[\(account), \(account)]"), "inv.json: at accounts: account jogg/main appears twice"),
        (document(#"[\#(other), {"vendor": "jogg", "account": "main", "webhooks": [{"vendor": "jogg", "account": "main", "id": "1", "url": 7}]}]"#),
         "inv.json: at accounts[1].webhooks[0].url: expected a string, found number"),
        (document("[\(other), {\"vendor\": \"jogg\", \"account\": \"ma\u{01}in\", \"webhooks\": []}]"),
         "inv.json: not valid JSON: unescaped control character in a string"),
        (document("[\(account)] x"), "inv.json: not valid JSON: expected ',' or '}' in an object"),
        (#"{"accounts": [\#(account)], "format": "rehook-plan", "format_version": 1}"#, "inv.json: at format: expected \"rehook-inventory\""),
    ]

    @Test("a document the serial reader rejects is rejected, with the serial reader's error", arguments: rejected)
    func rejectedAsSerially(json: String, error: String) throws {
        let data = Data(json.utf8)
        #expect(throws: JSONReadError.self) { try InventoryFile.readConcurrently(data) }
        var serialError: InventoryFileError?
        do { _ = try InventoryFile.decodeSerially(data, path: "inv.json") } catch { serialError = error }
        let expected = try #require(serialError)
        #expect(expected.description.hasPrefix(error), "\(expected)")
        #expect(throws: expected) { try InventoryFile.decode(data, path: "inv.json") }
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(Self.document("[\(Self.other), \(Self.account)]").utf8)
        bytes[bytes.count - 20] = 0xFF // inside the second account's "main"
        let data = Data(bytes)
        #expect(throws: JSONReadError.self) { try InventoryFile.readConcurrently(data) }
        #expect(throws: InventoryFileError(path: "inv.json", jsonPath: "",
                                           reason: "not valid JSON: invalid UTF-8 in a string at line 1, column \(bytes.count - 23)")) {
            try InventoryFile.decode(data, path: "inv.json")
        }
    }
}
