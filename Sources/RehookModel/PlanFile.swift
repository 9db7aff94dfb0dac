import Foundation

/// The plan file codec (`docs/plan-format.md`): the one place a `Plan` becomes a file's bytes
/// and a file's bytes become a `Plan`, with the format and version checks. `rehook plan --out`,
/// `rehook apply PLAN.json`, `rehook apply --resume` (the run's plan.json), the REPL's applies
/// and rollback plans all go through here.
public enum PlanFile {
    /// The value of the top-level `format` field.
    public static let formatName = "rehook-plan"
    /// The format version this build writes, and the only one it reads.
    public static let formatVersion = 1

    /// The plan as a JSON document: UTF-8, keys sorted, pretty printed, `/` unescaped, no
    /// trailing newline, so equal plans give byte-equal files.
    public static func encode(_ plan: Plan) -> Data {
        Data(encodedBytes(plan))
    }

    /// `encode(_:)` as bytes, without the copy into `Data` (a second copy of a large plan).
    ///
    /// Written by `JSONByteWriter`, byte for byte what `JSONEncoder` gives for the whole plan
    /// (`PlanJSONTests`): `JSONEncoder` builds its whole value tree before writing (~10 KB of
    /// transient memory per change) and spent most of its time on containers; the run
    /// directory's plan.json and every rewrite of rollback.json go through here, so it was a
    /// sixth of an apply's CPU.
    public static func encodedBytes(_ plan: Plan) -> [UInt8] {
        var json = JSONByteWriter(pretty: true, escapesSlashes: false, capacity: 1024 + plan.changes.count * 1024)
        json.plan(plan)
        return json.bytes
    }

    /// The plan's digest, `sha256:<64 hex>`: SHA-256 of exactly what was reviewed — the format
    /// version, the changes (with the live state each was planned against), `unchanged_matches`,
    /// the warnings and findings, and the recorded review — written compactly with sorted keys
    /// as the plan file writes them. Not the time it was made, its source path or anything else
    /// informational, so the same reviewed plan made again gives the same digest.
    public static func digest(of plan: Plan) -> String {
        var digest = PlanDigest()
        plan.changes.forEachInPlace { digest.add($0) }
        return digest.finish(plan)
    }

    /// `digest(of:)` computed change by change, as a plan is read or written in pieces: the
    /// changes in order, then the members after them (`finish`).
    struct PlanDigest {
        private var json = JSONByteWriter(escapesSlashes: false, capacity: 80 * 1024)
        private var hash = SHA256Digest.Stream()

        init() {
            json.openObject()
            json.key("changes")
            json.openArray()
        }

        mutating func add(_ change: PlannedChange) {
            json.plannedChange(change)
            if json.bytes.count >= 64 * 1024 { hash.update(json.takeBytes()) }
        }

        /// The digest, with `plan`'s members but its changes (which are not read).
        mutating func finish(_ plan: Plan) -> String {
            json.closeArray()
            json.key("format_version"); json.int(plan.formatVersion)
            if let review = plan.review { json.key("review"); json.recordedReview(review) }
            json.key("unchanged_matches"); json.int(plan.unchangedMatches)
            json.key("warnings"); json.strings(plan.warnings)
            json.closeObject()
            hash.update(json.takeBytes())
            return PlanFile.digestPrefix + hash.hex()
        }
    }

    /// `plan` with its digest recorded, once its review is recorded: what `plan` prints and saves.
    public static func sealed(_ plan: Plan) -> Plan {
        var sealed = plan
        sealed.digest = digest(of: plan)
        return sealed
    }

    /// `sealed(recording(plan))`, the changes digested on another core while `recording` (the
    /// review) runs: the digest reads the changes first and the members `recording` sets after
    /// them. `recording` must keep `plan`'s changes as they are.
    public static func sealed(_ plan: Plan, recording: (Plan) -> Plan) async -> Plan {
        async let changesDigest = {
            var digest = PlanDigest()
            plan.changes.forEachInPlace { digest.add($0) }
            return digest
        }()
        var sealed = recording(plan)
        var digest = await changesDigest
        assert(sealed.changes.count == plan.changes.count, "recording must keep the plan's changes")
        sealed.digest = digest.finish(sealed)
        return sealed
    }

    /// What every plan digest starts with.
    public static let digestPrefix = "sha256:"

    /// Whether `text` is a plan digest as `digest(of:)` writes it.
    public static func isDigest(_ text: String) -> Bool {
        guard text.hasPrefix(digestPrefix) else { return false }
        let hex = text.dropFirst(digestPrefix.count)
        return hex.count == 64 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Reads a plan file, parsing it once. `path` names the file in error messages.
    /// - Throws: `PlanFileError` naming the file and, for bad content, the JSON path; a rehook plan
    ///   of another format version gets `.unsupportedVersion`, before any complaint about its content.
    public static func decode(_ data: Data, path: String) throws -> Plan {
        try decode(data, path: path, checkingDigest: true)
    }

    /// `decode(_:path:)`; without `checkingDigest`, a recorded digest is not compared with the
    /// content (`open` reads the members but the changes this way, and checks the digest itself).
    static func decode(_ data: Data, path: String, checkingDigest: Bool) throws -> Plan {
        // The whole plan first, its header checked from the result: one pass over the document
        // (reading the header on its own parsed the whole document a second time). A document
        // that does not decode has its header read separately, so a wrong format or version is
        // still reported before problems in the content.
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch let error as DecodingError {
            let header = try FormatHeader.read(data, path: path)
            try checkHeader(format: header.format, version: header.formatVersion, path: path)
            let (codingPath, detail) = describe(error)
            throw PlanFileError(path: path, jsonPath: jsonPath(codingPath), problem: .invalidContent(detail: detail))
        }
        try checkHeader(format: .string(plan.format), version: .integer(plan.formatVersion), path: path)
        try checkConsistency(plan, path: path, checkingDigest: checkingDigest)
        return plan
    }

    private static func checkHeader(format: FormatHeader.Field?, version: FormatHeader.Field?, path: String) throws {
        guard case .string(formatName)? = format else {
            let found = format.map { "format \($0)" } ?? "no \"format\" field"
            throw PlanFileError(path: path, jsonPath: "$.format", problem: .wrongFormat(found: found))
        }
        guard case .integer(let version)? = version else {
            throw PlanFileError(path: path, jsonPath: "$.format_version",
                                problem: .invalidContent(detail: "missing or not an integer"))
        }
        guard version == formatVersion else {
            throw PlanFileError(path: path, jsonPath: "$.format_version", problem: .unsupportedVersion(found: version))
        }
    }

    /// Each change's key must be its before-state's identity, or apply would touch a
    /// different webhook from the one the diff showed; a recorded digest must be the content's,
    /// or the file was edited after it was reviewed.
    private static func checkConsistency(_ plan: Plan, path: String, checkingDigest: Bool) throws {
        if checkingDigest, let recorded = plan.digest, recorded != digest(of: plan) {
            throw PlanFileError(path: path, jsonPath: "$.digest", problem: .invalidContent(
                detail: "the plan's content does not match its digest \(recorded); it was changed after it was made. "
                    + "Make the plan again"))
        }
        for (index, change) in plan.changes.enumerated() where change.key != change.before.key {
            throw PlanFileError(path: path, jsonPath: "$.changes[\(index)].key", problem: .invalidContent(
                detail: "key \(change.key) does not match the webhook in \"before\" (\(change.before.key))"))
        }
    }


    private static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case .keyNotFound(let key, let context):
            (context.codingPath + [key], "required field is missing")
        case .typeMismatch(let type, let context):
            (context.codingPath, "expected \(typeName(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            (context.codingPath, "expected \(typeName(type)), found null")
        case .dataCorrupted(let context):
            (context.codingPath, context.debugDescription)
        @unknown default:
            ([], String(describing: error))
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Bool.Type: "a boolean"
        default: String(describing: type)
        }
    }

    /// `$.changes[2].fields[0].after` from a decoder's coding path.
    static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("$") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return path + "." + key.stringValue
        }
    }
}

/// A plan file that cannot be used, with the file and the place in it.
public struct PlanFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// The bytes are not JSON.
        case notJSON(detail: String)
        /// JSON, but not a rehook plan.
        case wrongFormat(found: String)
        /// A rehook plan of a format version this build does not read.
        case unsupportedVersion(found: Int)
        /// A rehook plan with a missing, mistyped or inconsistent value.
        case invalidContent(detail: String)
    }

    /// The file, as the user named it.
    public let path: String
    /// Where in the document, e.g. `$.changes[0].fields[1].after`.
    public let jsonPath: String
    public let problem: Problem

    public var description: String {
        switch problem {
        case .notJSON(let detail):
            "\(path): not a plan file: the JSON is corrupt (\(detail))"
        case .wrongFormat(let found):
            "\(path): not a rehook plan file (\(jsonPath): expected \"\(PlanFile.formatName)\", found \(found))"
        case .unsupportedVersion(let found):
            "\(path): plan format version \(found) is not supported; this rehook reads version "
                + "\(PlanFile.formatVersion). Re-create the plan with this version of rehook."
        case .invalidContent(let detail):
            "\(path): invalid plan at \(jsonPath): \(detail)"
        }
    }
}
