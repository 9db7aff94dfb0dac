/// Namespace marker for the RehookApp module; see docs/architecture.md.
public enum RehookAppModule {
    public static let name = "RehookApp"
}
