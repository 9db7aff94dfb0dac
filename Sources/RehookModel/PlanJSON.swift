import Foundation

extension Plan {
    /// The plan as the plan file's JSON: UTF-8, keys sorted, pretty printed, `/` unescaped, no
    /// trailing newline — byte for byte what `JSONEncoder` gives for the whole plan
    /// (`PlanJSONTests`), written by `JSONByteWriter`.
    ///
    /// `JSONEncoder` builds its whole value tree before writing (~10 KB of transient memory per
    /// change) and spent most of its time on containers; the run directory's plan.json and every
    /// rewrite of rollback.json go through here, so it was a sixth of an apply's CPU.
    public func fileJSON() -> Data {
        Data(fileJSONBytes())
    }

    /// `fileJSON()` as bytes, without the copy into `Data` (a second copy of a large plan).
    public func fileJSONBytes() -> [UInt8] {
        var json = JSONByteWriter(pretty: true, escapesSlashes: false, capacity: 1024 + changes.count * 1024)
        json.plan(self)
        return json.bytes
    }
}
