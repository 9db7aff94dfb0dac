/// Namespace marker for the RehookLanguage module; see docs/architecture.md.
public enum RehookLanguageModule {
    public static let name = "RehookLanguage"
}
