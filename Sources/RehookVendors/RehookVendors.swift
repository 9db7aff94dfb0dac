/// Namespace marker for the RehookVendors module; see docs/architecture.md.
public enum RehookVendorsModule {
    public static let name = "RehookVendors"
}
