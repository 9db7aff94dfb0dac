import Foundation
@testable import RehookModel
import RehookTestSupport
import Testing

/// A reviewed, probed plan with an estimate and a digest reads the same change by change
/// (`PlanFile.open`) as whole (`PlanFile.decode`): every member, the digest, and the refusals.
@Suite struct StreamedPlanTests {
    static func opened(_ data: Data, windowSize: Int = 4 << 20) throws -> (StreamedPlan, String) {
        let path = try PlanFileStreamTests.temporaryFile(data)
        return (try PlanFile.open(path: path, windowSize: windowSize), path)
    }

    @Test("review, findings, probes, estimate and digest read the same both ways", arguments: [16, 4 << 20])
    func everyMemberReadsTheSame(windowSize: Int) throws {
        let plan = PlanFixtures.reviewed
        let data = PlanFile.encode(plan)
        let (opened, path) = try Self.opened(data, windowSize: windowSize)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let decoded = try PlanFile.decode(data, path: path)
        #expect(decoded == plan)
        #expect(opened.wholeFile != nil, "read from its file, not handed to decode whole")
        var header = decoded
        header.changes = []
        #expect(opened.header == header)
        #expect(opened.header.review == plan.review && opened.header.probes == plan.probes)
        #expect(opened.header.estimate == plan.estimate && opened.header.warnings == plan.warnings)
        #expect(try opened.load() == decoded)
        #expect(try opened.digest() == plan.digest)
        #expect(try opened.contentDigest() == PlanFile.digest(of: decoded))
        var encoded: [UInt8] = []
        try opened.encode { encoded += $0 }
        #expect(encoded == PlanFile.encodedBytes(plan))
    }

    @Test("a sealed plan in another writer's layout is digested from what its changes hold")
    func anotherLayoutIsDigestedFromItsContent() throws {
        let plan = PlanFixtures.reviewed
        // Compact, with escaped slashes: not the bytes the digest is computed from.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(plan)
        #expect(String(decoding: data, as: UTF8.self).contains("\\/"))
        let (opened, path) = try Self.opened(data, windowSize: 97)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(opened.wholeFile != nil, "read from its file, not handed to decode whole")
        #expect(try opened.digest() == plan.digest)
        #expect(try opened.contentDigest() == PlanFile.digest(of: plan))
        #expect(try opened.load() == plan)
    }

    @Test("a change read again after its file was written to in place is refused, even with the same length and key")
    func aFileWrittenToAfterItWasReadIsRefused() throws {
        let plan = PlanFixtures.reviewed
        let data = PlanFile.encode(plan)
        let (opened, path) = try Self.opened(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try opened.change(at: 0) == plan.changes[0], "unwritten: read again as reviewed")
        // The reviewed new URL's host swapped for one of the same length, in place (no rename):
        // the key still matches, so only the file's identity can tell.
        let after = plan.changes[0].after.url
        let host = try #require(URL(string: after)?.host)
        let swapped = String(repeating: "x", count: host.count)
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: host, with: swapped)
        #expect(text.utf8.count == data.count)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        #expect(throws: PlanFileError.self) { try opened.change(at: 0) }
        do {
            _ = try opened.change(at: 0)
        } catch {
            #expect("\(error)".contains("written to since it was read"), "\(error)")
        }
    }

    @Test("a plan recording no digest gets its content's digest both ways")
    func digestOfAPlanWithoutOne() throws {
        var plan = PlanFixtures.reviewed
        plan.digest = nil
        let (opened, path) = try Self.opened(PlanFile.encode(plan))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try opened.digest() == PlanFile.digest(of: plan))
        #expect(try opened.digest() == PlanFixtures.reviewed.digest)
        #expect(try StreamedPlan(plan).digest() == PlanFile.digest(of: plan), "a plan in memory: from its changes")
    }

    @Test("content that does not match the recorded digest is refused with decode's message",
          arguments: ["https://hooks.acme.dev/h", "\"errors\" : 1"])
    func tamperedContent(_ original: String) throws {
        let text = String(decoding: PlanFile.encode(PlanFixtures.reviewed), as: UTF8.self)
        #expect(text.contains(original))
        let edited = Data(text.replacingOccurrences(of: original, with: original == "\"errors\" : 1" ? "\"errors\" : 0"
            : "https://hooks.acme.dev/x").utf8)
        let path = try PlanFileStreamTests.temporaryFile(edited)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = #expect(throws: PlanFileError.self) { try PlanFile.open(path: path) }
        let whole = #expect(throws: PlanFileError.self) { try PlanFile.decode(edited, path: path) }
        #expect(streamed == whole)
        #expect(whole?.jsonPath == "$.digest")
    }

    @Test("a narrowed plan sealed change by change has the digest of the same plan narrowed whole")
    func narrowedAndSealed() throws {
        let plan = PlanFixtures.reviewed
        let (opened, path) = try Self.opened(PlanFile.encode(plan))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let narrowed = try opened.filter { $0.vendor != .argil }.sealed()
        var whole = plan
        whole.changes.removeAll { $0.key.vendor == .argil }
        whole = PlanFile.sealed(whole)
        #expect(narrowed.header.digest == whole.digest)
        #expect(narrowed.header.digest != plan.digest)
        #expect(try narrowed.load() == whole)
        #expect(try narrowed.newDestinations() == whole.newDestinations)
    }
}
