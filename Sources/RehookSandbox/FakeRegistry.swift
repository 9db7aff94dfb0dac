import RehookModel

/// The one list of fakes: one per vendor of `VendorRegistry`, each in `<Vendor>/`.
enum FakeRegistry {
    static let fakes: [any VendorFake.Type] = [ArgilFake.self, JoggFake.self, TalkoverFake.self, HeyGenFake.self,
                                               ComposioFake.self]

    private static let byVendor: [VendorID: any VendorFake.Type] =
        Dictionary(uniqueKeysWithValues: fakes.map { ($0.vendor, $0) })

    /// The fake of `vendor`; every registered vendor has one (VendorRegistryTests checks).
    static func fake(for vendor: VendorID) -> any VendorFake.Type {
        guard let fake = byVendor[vendor] else { preconditionFailure("no sandbox fake registered for \(vendor)") }
        return fake
    }
}
