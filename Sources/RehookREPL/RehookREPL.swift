/// Namespace marker for the RehookREPL module; see docs/architecture.md.
public enum RehookREPLModule {
    public static let name = "RehookREPL"
}
