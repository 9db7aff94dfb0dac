extension VendorID {
    /// HeyGen (`heygen`).
    public static let heygen = VendorID(declaring: "heygen")
}

extension VendorDescriptor {
    /// HeyGen: public https URLs, "all events" (`events: null`), a status it cannot change, no published rate.
    static let heygen = VendorDescriptor(
        .heygen, displayName: "HeyGen", keyVariable: "HEYGEN_API_KEY", baseURL: "https://api.heygen.com",
        authorization: .apiKey, defaultRates: .unpublished,
        schema: VendorSchema(.heygen, events: .live, allEvents: true, [
            FieldSpec(.url, .url, native: "url", settable: true, requiresHTTPS: true, requiresPublicHost: true),
            FieldSpec(.events, .events, native: "events", settable: true),
            FieldSpec(.enabled, .bool, native: "status"),
            FieldSpec(.username, .string, native: "username"),
        ]))
}
