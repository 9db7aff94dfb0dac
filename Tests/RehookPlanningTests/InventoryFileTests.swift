import Foundation
import Testing
import RehookModel
@testable import RehookPlanning

@Suite("Inventory file")
struct InventoryFileTests {
    typealias F = PlannerFixtures

    @Test func roundTripsEveryVendor() throws {
        let inventory = F.inventory([
            F.argil("a_1"), F.jogg("j_1"), F.talkover("t_1"), F.heygen("h_1"),
            F.heygen("h_2", events: .list(["avatar_video.success"])), F.composio("c_1"),
        ])
        let data = InventoryFile.encode(inventory)
        let decoded = try InventoryFile.decode(data, path: "inv.json")
        #expect(decoded == inventory)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "rehook-inventory")
        #expect(object["format_version"] as? Int == 1)
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts.first?["event_catalogue"] == nil) // Argil: none recorded
        #expect(accounts.dropFirst().first?["event_catalogue"] as? [String] == F.catalogues[.jogg])
    }

    @Test func encodingIsStable() {
        let inventory = F.inventory([F.talkover("t_1"), F.composio("c_1")])
        #expect(InventoryFile.encode(inventory) == InventoryFile.encode(inventory))
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let error: String
        var testDescription: String { name }
    }

    static let webhook = #"{"vendor": "jogg", "account": "main", "id": "j_1", "url": "https://a.b/c", "events": []}"#

    static func inventory(_ accounts: String) -> String {
        #"{"format": "rehook-inventory", "format_version": 1, "accounts": [\#(accounts)]}"#
    }

    static let malformed: [Malformed] = [
        Malformed(name: "not JSON", json: "{\"format\": ", error: "inv.json: not valid JSON"),
        Malformed(name: "a plan, not an inventory",
                  json: #"{"format": "rehook-plan", "format_version": 1, "accounts": []}"#,
                  error: "inv.json: at format: expected \"rehook-inventory\", found \"rehook-plan\" (is this a plan or another file?)"),
        Malformed(name: "newer format version",
                  json: #"{"format": "rehook-inventory", "format_version": 2, "accounts": []}"#,
                  error: "inv.json: at format_version: this rehook reads inventory format 1, the file has 2"),
        Malformed(name: "missing accounts", json: #"{"format": "rehook-inventory", "format_version": 1}"#,
                  error: "inv.json: missing key 'accounts'"),
        Malformed(name: "unknown vendor",
                  json: inventory(#"{"vendor": "stripe", "account": "main", "webhooks": []}"#),
                  error: "inv.json: at accounts[0].vendor:"),
        Malformed(name: "url of the wrong type",
                  json: inventory(#"{"vendor": "jogg", "account": "main", "webhooks": [{"vendor": "jogg", "account": "main", "id": "j_1", "url": 7}]}"#),
                  error: "inv.json: at accounts[0].webhooks[0].url: expected a string"),
        Malformed(name: "webhook of another account",
                  json: inventory(#"{"vendor": "jogg", "account": "prod", "webhooks": [\#(webhook)]}"#),
                  error: "inv.json: at accounts[0].webhooks: webhook 'j_1' belongs to jogg/main, not to this account jogg/prod"),
        Malformed(name: "duplicate webhook id",
                  json: inventory(#"{"vendor": "jogg", "account": "main", "webhooks": [\#(webhook), \#(webhook)]}"#),
                  error: "inv.json: at accounts[0].webhooks: webhook id 'j_1' appears twice"),
        Malformed(name: "duplicate account",
                  json: inventory(#"{"vendor": "jogg", "account": "main", "webhooks": []}, {"vendor": "jogg", "account": "main", "webhooks": []}"#),
                  error: "inv.json: at accounts: account jogg/main appears twice"),
        Malformed(name: "catalogue of the wrong type",
                  json: inventory(#"{"vendor": "jogg", "account": "main", "webhooks": [], "event_catalogue": "all"}"#),
                  error: "inv.json: at accounts[0].event_catalogue: expected a list"),
    ]

    @Test("malformed inventories get an error naming the file and JSON path", arguments: malformed)
    func malformedInventory(_ input: Malformed) {
        #expect {
            _ = try InventoryFile.decode(Data(input.json.utf8), path: "inv.json")
        } throws: { error in
            let description = (error as? InventoryFileError)?.description ?? "not an InventoryFileError: \(error)"
            return description.hasPrefix(input.error)
        }
    }

    @Test("another writer's inventory: keys in any order, escapes, unknown members, whitespace")
    func readsAnyLayout() throws {
        let json = """
            {"accounts": [
              {"webhooks": [{"url": "https:\\/\\/h\\u00e9.dev\\/\\ud83d\\ude00?a=\\"b\\"", "id": "j_1", "account": "main",
                             "vendor": "jogg", "enabled": false, "future": {"x": [[1, 2.5e-3, null]]},
                             "extras": {"username": {"string": "ops\\n"}}},
                            {"vendor": "jogg", "account": "main", "id": "j_2", "url": "https://a.dev", "events": null}],
               "account": "main", "vendor": "jogg", "event_catalogue": null, "notes": "kept by another tool"}
            ],
             "format_version": 1, "format": "rehook-inventory", "written_by": {"tool": "x"}}\t\n
            """
        let inventory = try InventoryFile.decode(Data(json.utf8), path: "inv.json")
        let webhooks = inventory.accounts[0].webhooks
        #expect(webhooks[0].url == "https://hé.dev/😀?a=\"b\"")
        #expect(webhooks[0].enabled == false)
        #expect(webhooks[0].events == .all, "missing events: all events")
        #expect(webhooks[0].extras == [.username: .string("ops\n")])
        #expect(webhooks[1].events == .all)
        #expect(inventory.accounts[0].eventCatalogue == nil)
    }

    @Test("a header after the accounts is still checked first")
    func headerAfterAccounts() {
        let json = #"{"accounts": [{"vendor": "jogg", "account": "main", "webhooks": [{"id": 7}]}], "format": "rehook-inventory", "format_version": 3}"#
        #expect(throws: InventoryFileError(path: "inv.json", jsonPath: "format_version",
                                           reason: "this rehook reads inventory format 1, the file has 3")) {
            try InventoryFile.decode(Data(json.utf8), path: "inv.json")
        }
    }

    @Test func readingAMissingFileNamesIt() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-no-such-\(UUID().uuidString).json").path
        #expect(throws: InventoryFileError.self) { try InventoryFile.read(path: path) }
        do {
            _ = try InventoryFile.read(path: path)
        } catch {
            #expect(error.description.hasPrefix("\(path): cannot read the file"))
        }
    }
}
