extension VendorID {
    /// Argil (`argil`).
    public static let argil = VendorID(declaring: "argil")
}

extension VendorSchema {
    /// Argil's closed event set.
    public static let argilEvents = [
        "AVATAR_TRAINING_SUCCESS", "AVATAR_TRAINING_FAILED",
        "VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED",
    ]
}

extension VendorDescriptor {
    /// Argil: a closed event set, URL and events settable, no published rate.
    static let argil = VendorDescriptor(
        .argil, displayName: "Argil", keyVariable: "ARGIL_API_KEY", baseURL: "https://api.argil.ai/v1",
        authorization: .apiKey, defaultRates: .unpublished,
        schema: VendorSchema(.argil, events: .closed(VendorSchema.argilEvents), [
            FieldSpec(.url, .url, native: "callbackUrl", settable: true),
            FieldSpec(.events, .events, native: "events", settable: true, minCount: 1),
        ]))
}
