import Foundation
import RehookModel
import RehookTestSupport
import Testing
@testable import RehookPlanning

@Suite("Plan file encoding and decoding")
struct PlanFileTests {
    static func decode(_ json: String) -> PlanFileError? {
        do {
            _ = try PlanFile.decode(Data(json.utf8), path: "plans/next.json")
            return nil
        } catch let error as PlanFileError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test(arguments: [PlanFixtures.fleet, PlanFixtures.empty, PlanFixtures.risky])
    func roundTrip(plan: Plan) throws {
        let data = PlanFile.encode(plan)
        #expect(try PlanFile.decode(data, path: "p.json") == plan)
        #expect(PlanFile.encode(try PlanFile.decode(data, path: "p.json")) == data)
    }

    @Test func encodedPlanHoldsSecretsOnlyAsReferences() throws {
        let data = PlanFile.encode(PlanFixtures.fleet)
        let document = try JSONSerialization.jsonObject(with: data)
        var secretValues: [Any] = []
        collectValues(forKey: "secret", in: document, into: &secretValues)
        #expect(!secretValues.isEmpty, "the fixture sets a secret, so the scan must find its reference")
        for value in secretValues {
            let reference = try #require(value as? [String: String], "a secret must be a reference object")
            #expect(reference.count == 1)
            #expect(reference.keys.allSatisfy { $0 == "env" || $0 == "file" })
        }
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"env\" : \"TALKOVER_HOOK_SECRET\""))
    }

    private func collectValues(forKey key: String, in node: Any, into found: inout [Any]) {
        if let object = node as? [String: Any] {
            for (name, value) in object {
                if name == key { found.append(value) }
                collectValues(forKey: key, in: value, into: &found)
            }
        } else if let array = node as? [Any] {
            for element in array { collectValues(forKey: key, in: element, into: &found) }
        }
    }

    @Test func corruptJSONNamesTheFile() throws {
        let error = try #require(Self.decode("{\"format\": \"rehook-plan\", "))
        guard case .notJSON = error.problem else { Issue.record("got \(error.problem)"); return }
        #expect(error.description.hasPrefix("plans/next.json: not a plan file: the JSON is corrupt"))
    }

    @Test(arguments: ["[]", "{}", "{\"format\": \"terraform-plan\", \"format_version\": 1}"])
    func wrongFormatIsNamed(json: String) throws {
        let error = try #require(Self.decode(json))
        guard case .wrongFormat = error.problem else { Issue.record("got \(error.problem)"); return }
        #expect(error.description.hasPrefix("plans/next.json: not a rehook plan file"))
    }

    @Test func newerVersionIsRefused() throws {
        let error = try #require(Self.decode("{\"format\": \"rehook-plan\", \"format_version\": 2}"))
        #expect(error.problem == .unsupportedVersion(found: 2))
        #expect(error.jsonPath == "$.format_version")
        #expect(error.description.contains("version 2 is not supported"))
    }

    @Test func badValueNamesItsJSONPath() throws {
        var json = String(decoding: PlanFile.encode(PlanFixtures.risky), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"field\" : \"url\"", with: "\"field\" : \"colour\"")
        let error = try #require(Self.decode(json))
        #expect(error.jsonPath == "$.changes[0].fields[0].field")
        #expect(error.description.hasPrefix("plans/next.json: invalid plan at $.changes[0].fields[0].field: "))
        #expect(error.description.hasSuffix("invalid String value colour"))
    }

    @Test func missingFieldNamesItsJSONPath() throws {
        let object: [String: Any] = ["format": "rehook-plan", "format_version": 1, "created_at": "t",
                                     "changes": [["fingerprint": "x"]], "unchanged_matches": 0, "warnings": []]
        let data = try JSONSerialization.data(withJSONObject: object)
        let error = try #require(Self.decode(String(decoding: data, as: UTF8.self)))
        #expect(error.jsonPath.hasPrefix("$.changes[0]."))
        #expect(error.description.contains("required field is missing"))
    }

    @Test func keyThatDoesNotMatchItsWebhookIsRejected() throws {
        var plan = PlanFixtures.risky
        plan.changes[1].key.id = "sub_other"
        let error = try #require(Self.decode(String(decoding: PlanFile.encode(plan), as: UTF8.self)))
        #expect(error.jsonPath == "$.changes[1].key")
    }
}
