/// Namespace marker for the RehookSandbox module; see docs/architecture.md.
public enum RehookSandboxModule {
    public static let name = "RehookSandbox"
}
