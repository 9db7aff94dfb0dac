extension VendorID {
    /// Talkover (`talkover`).
    public static let talkover = VendorID(declaring: "talkover")
}

extension VendorSchema {
    public static let talkoverHTTPMethods = ["POST", "PUT", "PATCH"]
    public static let talkoverAuthSchemes = ["none", "bearer", "basic", "api_key", "custom"]
}

extension VendorDescriptor {
    /// Talkover: webhooks under agents, a bearer token, the richest settable schema, no published rate.
    static let talkover = VendorDescriptor(
        .talkover, displayName: "Talkover", keyVariable: "TALKOVER_API_TOKEN", baseURL: "https://app.talkover.ai/api/v1",
        authorization: .bearerToken, defaultRates: .unpublished,
        schema: VendorSchema(.talkover, events: .live, [
            FieldSpec(.agent, .string, native: "agent_id"),
            FieldSpec(.agentName, .string),
            FieldSpec(.name, .string, native: "name", settable: true, maxLength: 255),
            FieldSpec(.url, .url, native: "webhook_url", settable: true, maxLength: 500),
            FieldSpec(.secret, .secret, native: "webhook_secret", readable: false, settable: true, maxLength: 255),
            FieldSpec(.events, .events, native: "events", settable: true, minCount: 1),
            FieldSpec(.timeout, .int, native: "timeout", settable: true, range: 5...120),
            FieldSpec(.maxRetries, .int, native: "max_retries", settable: true, range: 0...10),
            FieldSpec(.enabled, .bool, native: "enabled", settable: true),
            FieldSpec(.httpMethod, .enumeration(VendorSchema.talkoverHTTPMethods), native: "http_method",
                      readable: false, settable: true),
            FieldSpec(.authScheme, .enumeration(VendorSchema.talkoverAuthSchemes), native: "authorization_scheme",
                      readable: false, settable: true),
            FieldSpec(.headers, .stringList, native: "custom_headers", readable: false, settable: true),
        ]))
}
