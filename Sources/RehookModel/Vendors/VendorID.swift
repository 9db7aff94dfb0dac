/// The five vendors rehook speaks to. The raw value is the name used in scripts,
/// config files, plan files and command-line flags.
public enum VendorID: String, CaseIterable, Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    case argil, jogg, talkover, heygen, composio

    /// The vendor's own product name, for human output.
    public var displayName: String {
        switch self {
        case .argil: "Argil"
        case .jogg: "JoggAI"
        case .talkover: "Talkover"
        case .heygen: "HeyGen"
        case .composio: "Composio"
        }
    }

    /// Environment variable that holds the API key when no config file names another.
    public var defaultKeyVariable: String {
        switch self {
        case .argil: "ARGIL_API_KEY"
        case .jogg: "JOGG_API_KEY"
        case .talkover: "TALKOVER_API_TOKEN"
        case .heygen: "HEYGEN_API_KEY"
        case .composio: "COMPOSIO_API_KEY"
        }
    }

    /// Environment variable that overrides the base URL (CONTRACT.md: "what an override replaces").
    public var baseURLOverrideVariable: String { "REHOOK_\(rawValue.uppercased())_URL" }

    /// The documented production base URL.
    public var defaultBaseURL: String {
        switch self {
        case .argil: "https://api.argil.ai/v1"
        case .jogg: "https://api.jogg.ai"
        case .talkover: "https://app.talkover.ai/api/v1"
        case .heygen: "https://api.heygen.com"
        case .composio: "https://backend.composio.dev"
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: VendorID, rhs: VendorID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
