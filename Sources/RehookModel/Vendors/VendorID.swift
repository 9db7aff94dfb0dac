/// A vendor rehook speaks to, by the name used in scripts, config files, plan files and
/// command-line flags (`"heygen"`). Only names `VendorRegistry` lists exist: `init(rawValue:)`
/// fails on any other, and the `Codable` form is the bare name. Each vendor declares its id
/// (`VendorID.heygen`) in its own folder; everything else about it is on its `descriptor`.
public struct VendorID: RawRepresentable, CaseIterable, Codable, Sendable, Hashable, Comparable,
    CustomStringConvertible {
    public let rawValue: String

    /// The registered vendor called `rawValue`; `nil` for a name no vendor has.
    public init?(rawValue: String) {
        guard let id = VendorRegistry.descriptor(named: rawValue)?.id else { return nil }
        self = id
    }

    /// Declares a vendor's name; called once, in the vendor's own file.
    init(declaring name: String) { rawValue = name }

    /// Every registered vendor, in registry order.
    public static var allCases: [VendorID] { VendorRegistry.ids }

    /// Everything rehook knows about the vendor without talking to it.
    public var descriptor: VendorDescriptor { VendorRegistry.descriptor(for: self) }

    /// The vendor's own product name, for human output.
    public var displayName: String { descriptor.displayName }

    /// Environment variable that holds the API key when no config file names another.
    public var defaultKeyVariable: String { descriptor.keyVariable }

    /// Environment variable that overrides the base URL (CONTRACT.md: "what an override replaces").
    public var baseURLOverrideVariable: String { "REHOOK_\(rawValue.uppercased())_URL" }

    /// The documented production base URL.
    public var defaultBaseURL: String { descriptor.baseURL }

    public var description: String { rawValue }

    /// Registry order.
    public static func < (lhs: VendorID, rhs: VendorID) -> Bool {
        VendorRegistry.position(of: lhs) < VendorRegistry.position(of: rhs)
    }
}
