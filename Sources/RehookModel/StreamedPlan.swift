import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plan whose changes are read one at a time when needed, from its file (`PlanFile.open`),
/// or held in memory (`init(_:)`, for plans made in this process).
public final class StreamedPlan: @unchecked Sendable {
    /// Every member of the plan but its changes (`header.changes` is empty).
    public let header: Plan
    /// Each change's key, in the plan's order.
    public let keys: [WebhookKey]
    private let source: Source
    /// `PlanFile.digest(of:)` of this plan, when known without reading its changes again.
    private let knownDigest: String?

    enum Source {
        case file(FileSource)
        case memory([PlannedChange])
    }

    init(header: Plan, keys: [WebhookKey], source: Source, contentDigest: String? = nil) {
        self.header = header
        self.keys = keys
        self.source = source
        self.knownDigest = contentDigest
    }

    /// A plan held in memory.
    public convenience init(_ plan: Plan) {
        var header = plan
        header.changes = []
        self.init(header: header, keys: plan.changes.map(\.key), source: .memory(plan.changes))
    }

    /// `PlanFile.digest(of:)` of the whole plan: computed while an opened file was read,
    /// otherwise from the changes now.
    public func contentDigest() throws -> String {
        if let knownDigest { return knownDigest }
        var digest = PlanFile.PlanDigest()
        try forEachChange { digest.add($0) }
        return digest.finish(header)
    }

    /// The digest of the plan as it was reviewed: the recorded one (an opened file's is checked
    /// against its content), else its content's.
    public func digest() throws -> String {
        try header.digest ?? contentDigest()
    }

    /// Every change, in order, each read when its turn comes.
    public func forEachChange(_ body: (PlannedChange) throws -> Void) throws {
        for index in keys.indices { try body(try change(at: index)) }
    }

    /// Every distinct URL the changes set, in order of first appearance (`Plan.newDestinations`).
    public func newDestinations() throws -> [String] {
        var seen = Set<String>()
        var urls: [String] = []
        try forEachChange { change in
            if let url = change.newURL, seen.insert(url).inserted { urls.append(url) }
        }
        return urls
    }

    /// The same changes under another header (the members but the changes, e.g. annotated with
    /// a review's findings; its content digest is computed again when asked for).
    public func replacingHeader(_ header: Plan) -> StreamedPlan {
        var header = header
        header.changes = []
        return StreamedPlan(header: header, keys: keys, source: source)
    }

    /// The plan with its digest recorded (`PlanFile.sealed(_:)`).
    public func sealed() throws -> StreamedPlan {
        var header = self.header
        header.digest = try contentDigest()
        return StreamedPlan(header: header, keys: keys, source: source, contentDigest: header.digest)
    }

    public var count: Int { keys.count }

    /// The `index`-th change. From a file, read and decoded now.
    /// - Throws: `PlanFileError` when the file no longer holds what it held when opened.
    public func change(at index: Int) throws -> PlannedChange {
        switch source {
        case .memory(let changes): return changes[index]
        case .file(let file): return try file.change(at: index, key: keys[index])
        }
    }

    /// The plan's file, when this plan is exactly its bytes (opened, not filtered); the run
    /// directory then keeps a copy of them.
    public var wholeFile: PlanFileBytes? {
        guard case .file(let file) = source, let size = file.wholeFileSize else { return nil }
        return PlanFileBytes(descriptor: file.descriptor, size: size, path: file.path)
    }

    /// The same plan with only the changes whose keys `isIncluded` keeps, in the same order.
    public func filter(_ isIncluded: (WebhookKey) -> Bool) -> StreamedPlan {
        let kept = keys.indices.filter { isIncluded(keys[$0]) }
        switch source {
        case .memory(let changes):
            return StreamedPlan(header: header, keys: kept.map { keys[$0] }, source: .memory(kept.map { changes[$0] }))
        case .file(let file):
            return StreamedPlan(header: header, keys: kept.map { keys[$0] },
                                source: .file(file.keeping(kept)))
        }
    }

    /// The plan as `PlanFile.encodedBytes` would write it, in pieces of about a megabyte.
    public func encode(chunk: ([UInt8]) throws -> Void) throws {
        try PlanFile.encode(header, changeCount: count, change: { (index: Int) throws -> PlannedChange in try change(at: index) },
                            chunk: chunk)
    }

    /// The whole plan in memory (for small plans and for tests).
    public func load() throws -> Plan {
        var plan = header
        plan.changes = try keys.indices.map { try change(at: $0) }
        return plan
    }
}

/// The bytes of an opened plan file, copied as they are (`StreamedPlan.wholeFile`).
public struct PlanFileBytes: Sendable {
    let descriptor: Int32
    public let size: Int
    public let path: String

    /// The bytes, in pieces of at most `chunkSize`.
    public func read(chunkSize: Int = 1 << 20, chunk: ([UInt8]) throws -> Void) throws {
        var offset = 0
        while offset < size {
            let piece = try PlanFileScanner.read(descriptor, offset..<min(size, offset + chunkSize))
            try chunk(piece)
            offset += piece.count
        }
    }
}

/// Where each change of an opened plan file is. Keeps the file open (its descriptor is closed
/// when the last plan reading from it goes).
final class FileSource: @unchecked Sendable {
    let descriptor: Int32
    let path: String
    let ranges: [Range<Int>]
    /// The file as it was before its changes were first read and reviewed: a change read again
    /// to be applied comes from that same file, unwritten since (an edit of the same length in
    /// place would otherwise pass the key check unreviewed).
    let identity: FileIdentity?
    /// The file's size when the plan is all of its changes; nil once filtered.
    let wholeFileSize: Int?
    private let owner: FileSource?

    init(descriptor: Int32, path: String, ranges: [Range<Int>], wholeFileSize: Int?, identity: FileIdentity?,
         owner: FileSource? = nil) {
        self.descriptor = descriptor
        self.path = path
        self.ranges = ranges
        self.identity = identity
        self.wholeFileSize = wholeFileSize
        self.owner = owner
    }

    deinit {
        if owner == nil { _ = systemClose(descriptor) }
    }

    func keeping(_ indices: [Int]) -> FileSource {
        FileSource(descriptor: descriptor, path: path, ranges: indices.map { ranges[$0] }, wholeFileSize: nil,
                   identity: identity, owner: owner ?? self)
    }

    func change(at index: Int, key: WebhookKey) throws -> PlannedChange {
        let range = ranges[index]
        guard identity == nil || FileIdentity(descriptor) == identity else {
            throw changed(index, "it was written to since it was read")
        }
        let bytes: [UInt8]
        do {
            bytes = try PlanFileScanner.read(descriptor, range)
        } catch {
            throw changed(index, "cannot read it again")
        }
        let change: PlannedChange
        do {
            change = try bytes.withUnsafeBufferPointer { buffer throws(JSONReadError) in
                var reader = JSONByteReader(bytes: buffer)
                return try reader.readPlannedChange()
            }
        } catch {
            throw changed(index, "\(error)")
        }
        guard change.key == key else { throw changed(index, "another change is in its place") }
        return change
    }

    private func changed(_ index: Int, _ detail: String) -> PlanFileError {
        PlanFileError(path: path, jsonPath: "$.changes[\(index)]",
                      problem: .invalidContent(detail: "the file changed while it was applied (\(detail))"))
    }
}

/// What tells one state of a file from another without reading it: device, inode, size and the
/// modification and status-change times (any write moves the status-change time, which no
/// call can set back).
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    /// Modification and status-change times, seconds and nanoseconds (fields, not arrays: the
    /// identity is read again for every change applied).
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int
    let statusChangedSeconds: Int
    let statusChangedNanoseconds: Int

    /// The identity of the open file `descriptor`; nil when it cannot be read.
    init?(_ descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Darwin)
        (modifiedSeconds, modifiedNanoseconds) = (Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec))
        (statusChangedSeconds, statusChangedNanoseconds) = (Int(status.st_ctimespec.tv_sec), Int(status.st_ctimespec.tv_nsec))
        #else
        (modifiedSeconds, modifiedNanoseconds) = (Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec))
        (statusChangedSeconds, statusChangedNanoseconds) = (Int(status.st_ctim.tv_sec), Int(status.st_ctim.tv_nsec))
        #endif
    }
}
