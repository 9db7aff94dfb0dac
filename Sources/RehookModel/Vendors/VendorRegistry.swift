/// The one list of vendors rehook speaks to. Adding a vendor is one line here (plus one in
/// `AdapterRegistry` and one in `FakeRegistry`); see docs/adding-a-vendor.md.
public enum VendorRegistry {
    /// Every vendor, in the order output lists them.
    public static let descriptors: [VendorDescriptor] = [.argil, .jogg, .talkover, .heygen, .composio]

    /// The ids of `descriptors`, in the same order.
    public static let ids: [VendorID] = descriptors.map(\.id)

    private static let byName: [String: (position: Int, descriptor: VendorDescriptor)] =
        Dictionary(uniqueKeysWithValues: descriptors.enumerated().map { ($1.id.rawValue, ($0, $1)) })

    /// The descriptor of the vendor called `name`, if one is registered.
    public static func descriptor(named name: String) -> VendorDescriptor? { byName[name]?.descriptor }

    /// The descriptor of `id` (every `VendorID` outside a vendor's own declaration is registered).
    public static func descriptor(for id: VendorID) -> VendorDescriptor {
        guard let entry = byName[id.rawValue] else { preconditionFailure("vendor '\(id.rawValue)' is not in VendorRegistry") }
        return entry.descriptor
    }

    static func position(of id: VendorID) -> Int { byName[id.rawValue]?.position ?? Int.max }
}
