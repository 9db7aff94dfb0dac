/// Namespace marker for the RehookExecution module; see docs/architecture.md.
public enum RehookExecutionModule {
    public static let name = "RehookExecution"
}
