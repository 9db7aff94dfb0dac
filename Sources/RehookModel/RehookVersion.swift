/// rehook's version, in one place: `--version`, the `User-Agent` of every request, the manual page.
public enum RehookVersion {
    public static let current = "0.1.0"

    /// The `User-Agent` every request carries: `rehook/<version>`.
    public static var userAgent: String { "rehook/\(current)" }
}
