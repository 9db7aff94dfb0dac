import Foundation
#if canImport(Glibc)
import Glibc
func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Glibc.open(path, flags) }
func systemClose(_ descriptor: Int32) -> Int32 { Glibc.close(descriptor) }
#elseif canImport(Darwin)
import Darwin
func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Darwin.open(path, flags) }
func systemClose(_ descriptor: Int32) -> Int32 { Darwin.close(descriptor) }
#endif

// Plan files too large to hold: written and read change by change, through the same codec
// (`PlanFile`), so memory does not grow with the plan. A plan of 100,000 changes is ~100 MB of
// JSON; held whole, with `JSONDecoder`'s map of it and the decoded plan, an apply peaked at
// ~850 MB.

extension PlanFile {
    /// `encodedBytes(_:)` in pieces of about `chunkSize` bytes, handed to `chunk` as they are
    /// written: the plan `header` (its own `changes` are not read) with `changeCount` changes,
    /// the `i`-th given by `change(i)`. The pieces together are byte for byte what
    /// `encodedBytes` gives for the whole plan.
    public static func encode<Failure: Error>(
        _ header: Plan, changeCount: Int, change: (Int) throws(Failure) -> PlannedChange,
        chunkSize: Int = 1 << 20, chunk: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        var json = JSONByteWriter(pretty: true, escapesSlashes: false, capacity: chunkSize + 64 * 1024)
        json.planOpening()
        for index in 0..<changeCount {
            json.plannedChange(try change(index))
            if json.bytes.count >= chunkSize { try chunk(json.takeBytes()) }
        }
        json.planClosing(header)
        try chunk(json.takeBytes())
    }

    /// One change as a plan file holds it in its `changes` (pretty printed, at that depth), for
    /// `encode(_:changeCount:encodedChange:chunk:)`: a plan can then be written again and again
    /// from changes encoded once (rollback.json, from its spool).
    public static func encodedChange(_ change: PlannedChange) -> [UInt8] {
        var json = JSONByteWriter(pretty: true, escapesSlashes: false, capacity: 1024, nestedAt: 2)
        json.plannedChange(change)
        return json.bytes
    }

    /// `encode(_:changeCount:change:chunkSize:chunk:)` from changes already encoded by
    /// `encodedChange(_:)`: byte for byte the same document.
    public static func encode<Failure: Error>(
        _ header: Plan, changeCount: Int, encodedChange: (Int) throws(Failure) -> [UInt8],
        chunkSize: Int = 1 << 20, chunk: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        var json = JSONByteWriter(pretty: true, escapesSlashes: false, capacity: chunkSize + 64 * 1024)
        json.planOpening()
        for index in 0..<changeCount {
            json.encodedValue(try encodedChange(index))
            if json.bytes.count >= chunkSize { try chunk(json.takeBytes()) }
        }
        json.planClosing(header)
        try chunk(json.takeBytes())
    }

    /// Opens the plan file at `path` for reading change by change: reads it once, in pieces,
    /// checking everything `decode(_:path:)` checks, and keeps only each change's key and place
    /// in the file. `visit` sees every change once, in file order, while the file is read.
    ///
    /// A file with anything wrong in it (or in a form this reader does not follow) is handed to
    /// `decode(_:path:)` whole, so every error is the one `decode` reports.
    /// - Throws: `PlanFileError`, as `decode(_:path:)`; a file that cannot be read, as `.notJSON`.
    public static func open(path: String, visit: (PlannedChange) -> Void = { _ in }) throws -> StreamedPlan {
        try open(path: path, windowSize: 4 << 20, visit: visit)
    }

    /// `open(path:visit:)` reading the file `windowSize` bytes at a time (tests use tiny windows).
    static func open(path: String, windowSize: Int, visit: (PlannedChange) -> Void = { _ in }) throws -> StreamedPlan {
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PlanFileError(path: path, jsonPath: "$",
                                problem: .notJSON(detail: "cannot read the file: \(String(cString: strerror(errno)))"))
        }
        let identity = FileIdentity(descriptor) // before the first read: a later write changes it
        var keys: [WebhookKey] = []
        var ranges: [Range<Int>] = []
        var digest = PlanDigest()
        let layout: PlanFileScanner.Layout
        do {
            var scanner = try PlanFileScanner(descriptor: descriptor, windowSize: windowSize)
            layout = try scanner.scan { change, range in
                keys.append(change.key)
                ranges.append(range)
                digest.add(change)
                visit(change)
            }
            // The members but the changes, through `decode`; the digest of the content is the one
            // computed while the changes were read.
            let headerBytes = try PlanFileScanner.read(descriptor, 0..<(layout.changesOpen + 1))
                + PlanFileScanner.read(descriptor, layout.changesClose..<layout.fileSize)
            let header = try decode(Data(headerBytes), path: path, checkingDigest: false)
            guard header.changes.isEmpty else { throw PlanFileScanner.Unusual(line: #line) }
            let contentDigest = digest.finish(header)
            if let recorded = header.digest, recorded != contentDigest { throw PlanFileScanner.Unusual(line: #line) }
            return StreamedPlan(header: header, keys: keys,
                                source: .file(FileSource(descriptor: descriptor, path: path, ranges: ranges,
                                                         wholeFileSize: layout.fileSize, identity: identity)),
                                contentDigest: contentDigest)
        } catch {
            // Anything unusual or wrong: the whole file through `decode`, for its exact error (or,
            // when it reads after all, its plan).
            _ = systemClose(descriptor)
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw PlanFileError(path: path, jsonPath: "$", problem: .notJSON(detail: "cannot read the file: \(error.localizedDescription)"))
            }
            let plan = try decode(data, path: path)
            plan.changes.dropFirst(keys.count).forEach(visit) // the first ones were seen while scanning
            return StreamedPlan(plan)
        }
    }
}

/// One pass over a plan file, in windows of a few megabytes: each change decoded (and so
/// checked) and its byte range noted, every other member skipped over (the header is then
/// decoded from the file without its changes).
struct PlanFileScanner {
    /// Not an error of the file, or not one this scanner words: `decode` reads the whole file.
    struct Unusual: Error {
        /// Where the scanner gave up (for debugging).
        var line: Int
    }

    struct Layout {
        /// Offsets of the `[` and `]` of the `changes` array.
        var changesOpen: Int
        var changesClose: Int
        var fileSize: Int
    }

    private let descriptor: Int32
    private let fileSize: Int
    /// File bytes from offset `windowStart` on.
    private var window: [UInt8] = []
    private var windowStart = 0
    private var windowSize: Int

    init(descriptor: Int32, windowSize: Int) throws {
        self.windowSize = windowSize
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Unusual(line: #line) }
        self.descriptor = descriptor
        self.fileSize = Int(status.st_size)
    }

    static func read(_ descriptor: Int32, _ range: Range<Int>) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Unusual(line: #line) }
            done += count
        }
        return bytes
    }

    /// Runs `body` on the bytes from file offset `offset`, reading more of the file when they
    /// end inside what `body` reads. Returns its result and the offset after what it read.
    private mutating func step<T>(at offset: Int, _ body: (inout JSONByteReader) throws(JSONReadError) -> T)
        throws -> (T, Int) {
        while true {
            if offset < windowStart || offset > windowStart + window.count { try load(from: offset) }
            let atEnd = windowStart + window.count == fileSize
            let outcome: Result<(T, Int), JSONReadError> = window.withUnsafeBufferPointer { buffer in
                var reader = JSONByteReader(bytes: buffer, offset: offset - windowStart, locatesErrors: false)
                do throws(JSONReadError) {
                    let value = try body(&reader)
                    return .success((value, windowStart + reader.offset))
                } catch {
                    return .failure(error)
                }
            }
            switch outcome {
            case .success(let result):
                return result
            case .failure(let error) where error.isTruncation && !atEnd:
                if offset == windowStart, window.count >= windowSize { windowSize *= 2 } // a value larger than the window
                try load(from: offset)
            case .failure(let error):
                throw error
            }
        }
    }

    /// The window from `offset`, `windowSize` bytes long (or to the end of the file).
    private mutating func load(from offset: Int) throws {
        let end = min(fileSize, offset + windowSize)
        if offset >= windowStart, offset <= windowStart + window.count {
            // Keep what is already read from `offset` on; read only the rest.
            window.removeFirst(offset - windowStart)
            windowStart = offset
            if windowStart + window.count < end {
                window += try Self.read(descriptor, (windowStart + window.count)..<end)
            }
        } else {
            window = try Self.read(descriptor, offset..<end)
            windowStart = offset
        }
    }

    /// Reads the whole file: `found` gets each change with its byte range.
    mutating func scan(_ found: (PlannedChange, Range<Int>) -> Void) throws -> Layout {
        var position = 0
        func expect(_ byte: UInt8) -> (inout JSONByteReader) throws(JSONReadError) -> Bool {
            { reader throws(JSONReadError) in try reader.skipWhitespace(andConsume: byte) }
        }
        var opened: Bool
        (opened, position) = try step(at: position, expect(UInt8(ascii: "{")))
        guard opened else { throw Unusual(line: #line) }
        var changesOpen: Int?
        var changesClose: Int?
        var first = true
        while true {
            if first {
                var closed: Bool
                (closed, position) = try step(at: position, expect(UInt8(ascii: "}")))
                if closed { break }
                first = false
            }
            var key: String
            (key, position) = try step(at: position) { reader throws(JSONReadError) in
                guard try reader.peek() == .string else { throw JSONReadError(problem: .invalid("no key")) }
                let key = try reader.readString()
                guard try reader.skipWhitespace(andConsume: UInt8(ascii: ":")) else { throw JSONReadError(problem: .invalid(":")) }
                return key
            }
            if key == "changes", changesOpen == nil {
                (opened, position) = try step(at: position, expect(UInt8(ascii: "[")))
                guard opened else { throw Unusual(line: #line) }
                changesOpen = position - 1
                var firstChange = true
                while true {
                    if firstChange {
                        var closed: Bool
                        (closed, position) = try step(at: position, expect(UInt8(ascii: "]")))
                        if closed { break }
                        firstChange = false
                    }
                    var length: Int
                    var change: PlannedChange
                    ((length, change), position) = try step(at: position) { reader throws(JSONReadError) in
                        reader.skipWhitespace()
                        let start = reader.offset
                        let change = try reader.readPlannedChange()
                        return (reader.offset - start, change)
                    }
                    guard change.key == change.before.key else { throw Unusual(line: #line) }
                    found(change, (position - length)..<position)
                    var separator: UInt8
                    (separator, position) = try step(at: position) { reader throws(JSONReadError) in
                        if try reader.skipWhitespace(andConsume: UInt8(ascii: ",")) { return UInt8(ascii: ",") }
                        if try reader.skipWhitespace(andConsume: UInt8(ascii: "]")) { return UInt8(ascii: "]") }
                        throw JSONReadError(problem: .invalid("separator"))
                    }
                    if separator == UInt8(ascii: "]") { break }
                }
                changesClose = position - 1
            } else {
                ((), position) = try step(at: position) { reader throws(JSONReadError) in try reader.skipValue() }
            }
            var separator: UInt8
            (separator, position) = try step(at: position) { reader throws(JSONReadError) in
                if try reader.skipWhitespace(andConsume: UInt8(ascii: ",")) { return UInt8(ascii: ",") }
                if try reader.skipWhitespace(andConsume: UInt8(ascii: "}")) { return UInt8(ascii: "}") }
                throw JSONReadError(problem: .invalid("separator"))
            }
            if separator == UInt8(ascii: "}") { break }
        }
        // Only whitespace may follow.
        let rest = try Self.read(descriptor, position..<fileSize)
        guard rest.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }), let changesOpen, let changesClose else { throw Unusual(line: #line) }
        return Layout(changesOpen: changesOpen, changesClose: changesClose, fileSize: fileSize)
    }
}
