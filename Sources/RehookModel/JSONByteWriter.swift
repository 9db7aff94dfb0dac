/// Writes JSON bytes exactly as `JSONEncoder` does with `.sortedKeys` (callers write keys in
/// sorted order), compact or `.prettyPrinted`, with or without `.withoutEscapingSlashes`.
///
/// Fingerprints, plan files, rollback plans and journal lines are written per change, on the
/// hot path of planning and applying; `JSONEncoder` builds a value tree and a container per
/// level first, which made it a fifth of an apply's CPU. Tests compare this writer's output with
/// `JSONEncoder`'s byte for byte (`PlanJSONTests`, `WebhookFingerprintTests`, `JournalLineTests`).
public struct JSONByteWriter {
    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private let style: JSONStringEscape.Style
    private var depth = 0
    /// Whether the innermost open container already has an element.
    private var hasElements = false
    /// A key was just written: the next value follows it on the same line.
    private var afterKey = false

    /// `pretty`: JSONEncoder's `.prettyPrinted` (two-space indent, `"key" : value`).
    /// `escapesSlashes`: `false` for `.withoutEscapingSlashes`.
    public init(pretty: Bool = false, escapesSlashes: Bool = true, capacity: Int = 256) {
        self.pretty = pretty
        self.style = JSONStringEscape.Style(escapesSlashes: escapesSlashes)
        bytes.reserveCapacity(capacity)
    }

    /// A writer for one value nested `depth` levels deep in a document another writer (of the
    /// same options) writes: its bytes are what that writer would write for the value, without
    /// the separator and indentation before it (`encodedValue(_:)` adds those).
    public init(pretty: Bool, escapesSlashes: Bool, capacity: Int = 256, nestedAt depth: Int) {
        self.init(pretty: pretty, escapesSlashes: escapesSlashes, capacity: capacity)
        self.depth = depth
        afterKey = true
    }

    /// A value already written by a writer `nestedAt` this writer's depth.
    public mutating func encodedValue(_ encoded: some Collection<UInt8>) {
        beginElement()
        bytes.append(contentsOf: encoded)
    }

    /// Hands over the bytes written so far and starts an empty buffer (of the same capacity),
    /// keeping the position in the document: a large document is written out in pieces.
    public mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes = []
        bytes.reserveCapacity(taken.count)
        return taken
    }

    public mutating func openObject() { open(UInt8(ascii: "{")) }
    public mutating func closeObject() { close(UInt8(ascii: "}")) }
    public mutating func openArray() { open(UInt8(ascii: "[")) }
    public mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// A key written in the source: copied as it is (none needs escaping), not scanned.
    public mutating func key(_ name: StaticString) {
        assert(Self.needsNoEscape(name), "a key literal that needs escaping")
        beginElement()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        keySeparator()
    }

    private static func needsNoEscape(_ name: StaticString) -> Bool {
        var quoted: [UInt8] = []
        JSONStringEscape.appendQuoted(name.description, to: &quoted, style: JSONStringEscape.Style(escapesSlashes: true))
        return quoted.count == name.utf8CodeUnitCount + 2
    }

    /// A key made at run time (a field's name), escaped as a string is.
    public mutating func key(named name: String) {
        beginElement()
        quoted(name)
        keySeparator()
    }

    private mutating func keySeparator() {
        if pretty {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
        afterKey = true
    }

    public mutating func string(_ text: String) {
        beginElement()
        quoted(text)
    }

    public mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }
    public mutating func int(_ value: Int) { literal(String(value)) }
    public mutating func null() { literal("null") }

    /// A value already in JSON form (a formatted number).
    public mutating func literal(_ text: String) {
        beginElement()
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func strings(_ values: [String]) {
        openArray()
        for value in values { string(value) }
        closeArray()
    }

    private mutating func open(_ bracket: UInt8) {
        beginElement()
        bytes.append(bracket)
        depth += 1
        hasElements = false
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty {
            // JSONEncoder prints an empty container as "[\n\n]" at the container's indent.
            if !hasElements { bytes.append(UInt8(ascii: "\n")) }
            newline()
        }
        bytes.append(bracket)
        hasElements = true
    }

    /// The separator (and, pretty, the line break and indent) before a key or a value.
    private mutating func beginElement() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if hasElements { bytes.append(UInt8(ascii: ",")) }
        if pretty { newline() }
        hasElements = true
    }

    /// A line break and the indent of `depth`. The spaces are copied from a run of them in one
    /// block: appending `repeatElement` went byte by byte and was 3 % of a large plan's
    /// instructions (callgrind, `rehook plan` of 20,000 webhooks).
    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        var indent = 2 * depth
        while indent > 0 {
            let run = min(indent, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[..<run])
            indent -= run
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// JSONEncoder's escaping: `"`, `\`, control characters (`\b`, `\f` by name) and (unless
    /// turned off) `/`; everything else as UTF-8.
    private mutating func quoted(_ text: String) {
        JSONStringEscape.appendQuoted(text, to: &bytes, style: style)
    }
}

extension JSONByteWriter {
    /// A webhook as its `Codable` conformance encodes it.
    public mutating func webhook(_ webhook: Webhook) {
        openObject()
        key("account"); string(webhook.account)
        if let enabled = webhook.enabled { key("enabled"); bool(enabled) }
        key("events"); events(webhook.events)
        if !webhook.extras.isEmpty {
            key("extras")
            openObject()
            for (field, value) in webhook.extras.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                key(named: field.rawValue)
                fieldValue(value)
            }
            closeObject()
        }
        key("id"); string(webhook.id)
        if let parentID = webhook.parentID { key("parent_id"); string(parentID) }
        key("url"); string(webhook.url)
        key("vendor"); string(webhook.vendor.rawValue)
        closeObject()
    }

    public mutating func webhookKey(_ webhookKey: WebhookKey) {
        openObject()
        key("account"); string(webhookKey.account)
        key("id"); string(webhookKey.id)
        key("vendor"); string(webhookKey.vendor.rawValue)
        closeObject()
    }

    public mutating func events(_ events: EventSelection) {
        switch events {
        case .all: null()
        case .list(let names): strings(names)
        }
    }

    public mutating func fieldValue(_ value: FieldValue) {
        openObject()
        switch value {
        case .string(let text): key("string"); string(text)
        case .int(let number): key("int"); int(number)
        case .bool(let flag): key("bool"); bool(flag)
        case .strings(let list): key("strings"); strings(list)
        case .events(let selection): key("events"); events(selection)
        case .secret(.environment(let name)): key("secret"); openObject(); key("env"); string(name); closeObject()
        case .secret(.file(let path)): key("secret"); openObject(); key("file"); string(path); closeObject()
        }
        closeObject()
    }

    public mutating func plannedChange(_ change: PlannedChange) {
        openObject()
        key("before"); webhook(change.before)
        key("fields")
        openArray()
        for field in change.fields {
            openObject()
            key("after"); fieldValue(field.after)
            if let before = field.before { key("before"); fieldValue(before) }
            key("before_known"); bool(field.beforeKnown)
            key("field"); string(field.field.rawValue)
            closeObject()
        }
        closeArray()
        key("fingerprint"); string(change.fingerprint)
        key("key"); webhookKey(change.key)
        closeObject()
    }

    public mutating func plan(_ plan: Plan) {
        planOpening()
        plan.changes.forEachInPlace { plannedChange($0) }
        planClosing(plan)
    }

    /// A plan written change by change (`PlanFile.encode(_:changeCount:change:chunk:)`): the
    /// members before `changes` (keys are sorted), up to the opening of its array.
    public mutating func planOpening() {
        openObject()
        key("changes")
        openArray()
    }

    /// After the last change: the `changes` array closed, then every member after it. `plan`'s
    /// own `changes` are not read.
    public mutating func planClosing(_ plan: Plan) {
        closeArray()
        key("created_at"); string(plan.createdAt)
        if let digest = plan.digest { key("digest"); string(digest) }
        if let estimate = plan.estimate { key("estimate"); planEstimate(estimate) }
        key("format"); string(plan.format)
        key("format_version"); int(plan.formatVersion)
        if let probes = plan.probes {
            key("probes")
            openArray()
            for probe in probes { probeResult(probe) }
            closeArray()
        }
        if let review = plan.review { key("review"); recordedReview(review) }
        if let source = plan.source {
            key("source")
            openObject()
            key("digest"); string(source.digest)
            key("path"); string(source.path)
            closeObject()
        }
        key("unchanged_matches"); int(plan.unchangedMatches)
        key("warnings"); strings(plan.warnings)
        closeObject()
    }

    private mutating func probeResult(_ probe: DestinationProbeResult) {
        openObject()
        key("destination"); string(probe.destination)
        if let detail = probe.detail { key("detail"); string(detail) }
        if let phase = probe.failedPhase { key("failed_phase"); string(phase.rawValue) }
        if let method = probe.method { key("method"); string(method) }
        key("milliseconds"); int(probe.milliseconds)
        if let status = probe.status { key("status"); int(status) }
        key("tls"); string(probe.tls.rawValue)
        key("url"); string(probe.url)
        closeObject()
    }

    private mutating func planEstimate(_ estimate: PlanEstimate) {
        openObject()
        key("seconds"); double(estimate.seconds)
        key("vendors")
        openArray()
        for vendor in estimate.vendors {
            openObject()
            key("limit"); string(vendor.limit)
            key("requests"); int(vendor.requests)
            key("seconds"); double(vendor.seconds)
            key("vendor"); string(vendor.vendor.rawValue)
            closeObject()
        }
        closeArray()
        closeObject()
    }

    /// A finite number as `JSONEncoder` writes it: the shortest form, `.0` dropped.
    public mutating func double(_ value: Double) {
        let text = value.description
        literal(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }
}
