import Foundation
import Testing
import RehookModel
@testable import RehookPlanning

/// Damaged plan and inventory files, made systematically from valid ones (the golden plans and
/// a fixture inventory): every one is refused with an error that names the file and, where the
/// JSON is readable, the place in it — never a crash, never a half-read plan.
@Suite("Plan and inventory files: damaged corpus")
struct PlanFileCorpusTests {
    typealias F = PlannerFixtures

    static let goldenPlans = ["fleet", "risky", "empty"]
    /// The renderers' golden files (RehookOutputTests), the JSON ones valid plan files.
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../RehookOutputTests/Golden").standardizedFileURL

    static func goldenPlan(_ name: String) throws -> Data {
        try Data(contentsOf: goldenFolder.appendingPathComponent("\(name).plan.json"))
    }

    static var inventory: Data {
        InventoryFile.encode(F.inventory([
            F.argil("a_1"), F.jogg("j_1"), F.talkover("t_1"), F.heygen("h_1"),
            F.heygen("h_2", events: .list(["avatar_video.success"])), F.composio("c_1"),
        ]))
    }

    /// The error `decode` throws, as (description, JSON path with a leading `$`); nil when it decoded.
    static func planFailure(_ data: Data, path: String = "plan.json") -> (String, String)? {
        do {
            _ = try PlanFile.decode(data, path: path)
            return nil
        } catch let error as PlanFileError {
            return (error.description, error.jsonPath)
        } catch {
            return ("unexpected \(type(of: error)): \(error)", "")
        }
    }

    static func inventoryFailure(_ data: Data, path: String = "inventory.json") -> (String, String)? {
        do {
            _ = try InventoryFile.decode(data, path: path)
            return nil
        } catch {
            return (error.description, error.jsonPath.isEmpty ? "$" : "$." + error.jsonPath)
        }
    }

    /// Cut points: the first 64 bytes one by one, then ~200 spread over the rest.
    static func cutPoints(_ count: Int) -> [Int] {
        Array(Set(Array(0..<min(64, count)) + Array(stride(from: 0, to: count, by: max(1, count / 200))))).sorted()
    }

    @Test("every truncation of a plan file is refused, naming the file", arguments: goldenPlans)
    func truncatedPlans(_ name: String) throws {
        let data = try Self.goldenPlan(name)
        let end = data.lastIndex { !($0 == 0x0A || $0 == 0x20) } ?? 0
        for cut in Self.cutPoints(end) {
            let failure = Self.planFailure(data.prefix(cut), path: "\(name).plan.json")
            #expect(failure?.0.hasPrefix("\(name).plan.json: ") == true, "cut at \(cut): \(failure?.0 ?? "decoded")")
        }
    }

    @Test("every truncation of an inventory file is refused, naming the file")
    func truncatedInventory() {
        let data = Self.inventory
        for cut in Self.cutPoints(data.count - 1) {
            let failure = Self.inventoryFailure(data.prefix(cut))
            #expect(failure?.0.hasPrefix("inventory.json: ") == true, "cut at \(cut): \(failure?.0 ?? "decoded")")
        }
    }

    @Test("a wrong or missing format version is refused, naming $.format_version", arguments: [
        CorpusJSON.int(0), .int(2), .int(-1), .int(Int.max), .string("1"), .double(1.5), .null, .bool(true),
    ])
    func wrongVersions(_ version: CorpusJSON) throws {
        guard case .object(var plan) = try CorpusJSON.parse(Self.goldenPlan("fleet")),
              case .object(var inventory) = try CorpusJSON.parse(Self.inventory) else {
            Issue.record("the fixtures are JSON objects")
            return
        }
        plan["format_version"] = version
        inventory["format_version"] = version
        let planFailure = Self.planFailure(CorpusJSON.object(plan).data)
        #expect(planFailure?.1 == "$.format_version", "\(planFailure?.0 ?? "decoded")")
        #expect(planFailure?.0.hasPrefix("plan.json: ") == true)
        let inventoryFailure = Self.inventoryFailure(CorpusJSON.object(inventory).data)
        #expect(inventoryFailure?.0.hasPrefix("inventory.json: ") == true)
        // Foundation's JSONDecoder reports a fraction where an Int belongs as "not valid JSON",
        // with no coding path; the plan reader checks the header itself and says where.
        if case .double = version { return }
        #expect(inventoryFailure?.1 == "$.format_version", "\(inventoryFailure?.0 ?? "decoded")")
    }

    @Test("a plan read as an inventory and an inventory read as a plan are refused, saying what they are")
    func crossedFiles() throws {
        let asInventory = Self.inventoryFailure(try Self.goldenPlan("fleet"))
        #expect(asInventory?.0.contains("rehook-plan") == true, "\(asInventory?.0 ?? "decoded")")
        let asPlan = Self.planFailure(Self.inventory)
        #expect(asPlan?.0 == #"plan.json: not a rehook plan file ($.format: expected "rehook-plan", found format rehook-inventory)"#)
    }

    @Test("every value of a plan given a wrong type is refused at or above its place", arguments: goldenPlans)
    func wrongTypesInPlans(_ name: String) throws {
        let mutations = try CorpusJSON.parse(Self.goldenPlan(name)).replacingEachNode(\.wrongType)
        #expect(mutations.count > 5)
        for mutation in mutations {
            let failure = Self.planFailure(mutation.document.data)
            #expect(failure.map { mutation.path.hasPrefix($0.1) } == true,
                    "\(mutation.path): \(failure?.0 ?? "decoded anyway")")
        }
    }

    @Test("every value of an inventory given a wrong type is refused at or above its place")
    func wrongTypesInInventory() throws {
        let mutations = try CorpusJSON.parse(Self.inventory).replacingEachNode(\.wrongType)
        #expect(mutations.count > 10)
        for mutation in mutations {
            let failure = Self.inventoryFailure(mutation.document.data)
            #expect(failure.map { mutation.path.hasPrefix($0.1) && $0.0.hasPrefix("inventory.json: ") } == true,
                    "\(mutation.path): \(failure?.0 ?? "decoded anyway")")
        }
    }

    @Test("a plan missing any one member either still reads or names a place at or above it", arguments: goldenPlans)
    func missingMembers(_ name: String) throws {
        var refused = 0
        for mutation in try CorpusJSON.parse(Self.goldenPlan(name)).removingEachMember() {
            guard let failure = Self.planFailure(mutation.document.data) else { continue }
            refused += 1
            // The object that lost the member, or a place inside it (a secret missing "env" is
            // reported as missing its alternative, "file").
            let parent = String(mutation.path[..<(mutation.path.lastIndex(of: ".") ?? mutation.path.endIndex)])
            #expect(parent.hasPrefix(failure.1) || failure.1.hasPrefix(parent), "\(mutation.path): \(failure.0)")
            #expect(failure.0.hasPrefix("plan.json: "), "\(mutation.path): \(failure.0)")
        }
        #expect(refused > 0)
    }

    static let notJSON: [(String, Data)] = {
        let prefix = Data(#"{"format": "rehook-plan", "format_version": 1, "changes": [], "created_at": ""#.utf8)
        let utf16: [UInt8] = #"{"format": "rehook-plan"}"#.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let deepArrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepObjects = String(repeating: #"{"format":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        return [
            ("invalid UTF-8", prefix + Data([0xFF, 0xFE]) + Data(#""}"#.utf8)),
            ("NUL bytes", Data([0, 0, 0, 0])),
            ("UTF-16 without a BOM", Data(utf16)),
            ("deep arrays", Data(deepArrays.utf8)),
            ("deep objects", Data(deepObjects.utf8)),
            ("empty", Data()),
        ]
    }()

    @Test("bytes that are not JSON text are refused, naming the file", arguments: notJSON)
    func notJSONText(name: String, data: Data) {
        let plan = Self.planFailure(data)
        #expect(plan?.0.hasPrefix("plan.json: ") == true, "\(name): \(plan?.0 ?? "decoded")")
        let inventory = Self.inventoryFailure(data)
        #expect(inventory?.0.hasPrefix("inventory.json: ") == true, "\(name): \(inventory?.0 ?? "decoded")")
    }
}
