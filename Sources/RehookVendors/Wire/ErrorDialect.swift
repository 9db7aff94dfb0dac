import RehookModel

/// How one vendor words success and failure in a response body.
struct ErrorDialect: Sendable {
    /// A failure a vendor states in the body regardless of the HTTP status (Jogg, HeyGen codes).
    struct BodyFailure: Sendable {
        var kind: VendorError.Kind
        var message: String
    }

    /// The vendor's own error message in a (parsed) error body, with field errors folded in.
    var message: @Sendable (JSONNode) -> String?
    /// A failure stated in the body of a response; `nil` when the body says success
    /// or says nothing. `httpStatus` is passed for vendors that mix both.
    var bodyFailure: @Sendable (JSONNode, _ httpStatus: Int) -> BodyFailure? = { _, _ in nil }

    /// The first string among `keys` at the top level of the body.
    static func firstString(_ body: JSONNode, _ keys: String...) -> String? {
        for key in keys {
            if let text = try? body[key].string(), !text.isEmpty { return text }
        }
        return nil
    }
}
