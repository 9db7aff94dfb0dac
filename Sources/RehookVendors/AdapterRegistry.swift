import RehookModel

/// The one list of adapters: one per vendor of `VendorRegistry`, each in `<Vendor>/`.
enum AdapterRegistry {
    static let adapters: [any RegisteredAdapter.Type] = [
        ArgilAdapter.self, JoggAdapter.self, TalkoverAdapter.self, HeyGenAdapter.self, ComposioAdapter.self,
    ]

    private static let byVendor: [VendorID: any RegisteredAdapter.Type] =
        Dictionary(uniqueKeysWithValues: adapters.map { ($0.registeredVendor, $0) })

    /// The adapter of `vendor`; every registered vendor has one (VendorRegistryTests checks).
    static func adapter(for vendor: VendorID) -> any RegisteredAdapter.Type {
        guard let adapter = byVendor[vendor] else { preconditionFailure("no adapter registered for \(vendor)") }
        return adapter
    }
}
