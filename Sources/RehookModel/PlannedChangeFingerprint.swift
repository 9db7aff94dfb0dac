extension PlannedChange {
    /// `init(before:fields:)` for callers that computed `before.fingerprint` themselves
    /// (the planner computes fingerprints in bulk, much faster than `JSONEncoder`). The
    /// fingerprint must equal `before.fingerprint`.
    public init(before: Webhook, fields: [FieldChange], fingerprint: String) {
        self.key = before.key
        self.fingerprint = fingerprint
        self.before = before
        self.fields = fields.sorted { $0.field < $1.field }
    }
}
