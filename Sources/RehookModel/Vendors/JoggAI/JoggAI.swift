extension VendorID {
    /// JoggAI (`jogg`).
    public static let jogg = VendorID(declaring: "jogg")
}

extension VendorDescriptor {
    /// JoggAI: https URLs, a status, reads unlimited and 20 writes (POST/PUT) per minute per key.
    static let jogg = VendorDescriptor(
        .jogg, displayName: "JoggAI", keyVariable: "JOGG_API_KEY", baseURL: "https://api.jogg.ai",
        authorization: .apiKey, defaultRates: VendorRates(overall: nil, writes: RateLimit(requests: 20, per: .minute)),
        schema: VendorSchema(.jogg, events: .live, [
            FieldSpec(.url, .url, native: "url", settable: true, requiresHTTPS: true),
            FieldSpec(.events, .events, native: "events", settable: true),
            FieldSpec(.enabled, .bool, native: "status", settable: true),
            FieldSpec(.username, .string, native: "username"),
        ]))
}
