/// What a field change means for a reader, independent of output format. Every renderer
/// works from this, so secret masking and the events set arithmetic live in one place.
public enum FieldDiff: Sendable, Hashable {
    /// A readable value replaced by another.
    case replaced(FieldName, before: String, after: String)
    /// A value set where the webhook had none.
    case added(FieldName, after: String)
    /// A value set whose current value the vendor never reveals.
    case setBlind(FieldName, after: String)
    /// A secret set from a reference; the value itself is never known to rehook.
    case secret(FieldName, source: SecretReference, currentKnown: Bool)
    /// A change of event subscriptions.
    case events(EventDiff)

    public init(_ change: FieldChange) {
        let field = change.field
        if case .secret(let reference) = change.after {
            self = .secret(field, source: reference, currentKnown: change.beforeKnown && change.before != nil)
            return
        }
        if field == .events, let after = Self.eventSelection(change.after) {
            self = .events(EventDiff(before: Self.eventSelection(change.before), after: after))
            return
        }
        let after = Self.display(change.after)
        guard change.beforeKnown else {
            self = .setBlind(field, after: after)
            return
        }
        guard let before = change.before else {
            self = .added(field, after: after)
            return
        }
        self = .replaced(field, before: Self.display(before), after: after)
    }

    public var field: FieldName {
        switch self {
        case .replaced(let field, _, _), .added(let field, _), .setBlind(let field, _), .secret(let field, _, _):
            field
        case .events: .events
        }
    }

    /// A value as plans show it; secrets appear only as their source.
    public static func display(_ value: FieldValue) -> String {
        switch value {
        case .secret(let reference): "(set from \(reference))"
        case .events(.all): "all events"
        default: value.description
        }
    }

    private static func eventSelection(_ value: FieldValue?) -> EventSelection? {
        switch value {
        case .events(let selection)?: selection
        case .strings(let names)?: .list(names)
        default: nil
        }
    }
}

/// Events gained, lost and kept, with HeyGen's "all events" handled as its own state.
public struct EventDiff: Sendable, Hashable {
    /// `nil` when the current subscription is unknown.
    public let before: EventSelection?
    public let after: EventSelection
    /// Events newly subscribed (list → list, or unknown → list), sorted.
    public let added: [String]
    /// Events no longer subscribed (list → list), sorted.
    public let removed: [String]
    /// Events in both lists.
    public let unchangedCount: Int

    public init(before: EventSelection?, after: EventSelection) {
        self.before = before
        self.after = after
        let beforeNames = Set(before?.names ?? [])
        let afterNames = Set(after.names ?? [])
        switch (before, after) {
        case (.list?, .list), (nil, .list):
            added = afterNames.subtracting(beforeNames).sorted()
            removed = beforeNames.subtracting(afterNames).sorted()
            unchangedCount = beforeNames.intersection(afterNames).count
        default:
            added = []
            removed = []
            unchangedCount = 0
        }
    }

    /// "all events" → a list: the events the webhook will still receive.
    public var narrowedTo: [String]? {
        guard case .all? = before, let names = after.names else { return nil }
        return names.sorted()
    }

    /// A list → "all events": the events listed until now.
    public var widenedFrom: [String]? {
        guard case .all = after, let names = before?.names else { return nil }
        return names.sorted()
    }
}

/// Counting nouns without "1 webhooks".
public enum Plural {
    public static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) " + (number == 1 ? singular : plural ?? singular + "s")
    }
}
