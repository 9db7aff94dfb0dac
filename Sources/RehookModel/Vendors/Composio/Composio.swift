extension VendorID {
    /// Composio (`composio`).
    public static let composio = VendorID(declaring: "composio")
}

extension VendorSchema {
    public static let composioVersions = ["V1", "V2", "V3"]
}

extension VendorDescriptor {
    /// Composio: https URLs, a payload version, 2,000 requests per minute per organisation for all calls.
    static let composio = VendorDescriptor(
        .composio, displayName: "Composio", keyVariable: "COMPOSIO_API_KEY", baseURL: "https://backend.composio.dev",
        authorization: .apiKey, defaultRates: VendorRates(overall: RateLimit(requests: 2000, per: .minute)),
        schema: VendorSchema(.composio, events: .live, [
            FieldSpec(.url, .url, native: "webhook_url", settable: true, requiresHTTPS: true),
            FieldSpec(.events, .events, native: "enabled_events", settable: true),
            FieldSpec(.version, .enumeration(VendorSchema.composioVersions), native: "version", settable: true),
        ]))
}
