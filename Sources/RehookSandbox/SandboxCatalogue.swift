import RehookModel

/// Each vendor's standard event catalogue, as its events call returns it. Each vendor's list
/// (`SandboxCatalogue.heygen`, ...) lives with its fake in `<Vendor>/`.
public enum SandboxCatalogue {
    /// The catalogue of `vendor`.
    public static func events(for vendor: VendorID) -> [SandboxEvent] { FakeRegistry.fake(for: vendor).catalogue }
}

/// What goes wrong outside the HTTP conversation: bad fixtures, bad options, a server that
/// cannot start. Each message names the input at fault.
public enum SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadableFixture(path: String, reason: String)
    case invalidOption(option: String, value: String, expected: String)
    case serverFailedToStart(reason: String)
    case unknownWebhook(vendor: VendorID, account: String, id: String)

    public var description: String {
        switch self {
        case .unreadableFixture(let path, let reason): "sandbox fixture \(path): \(reason)"
        case .invalidOption(let option, let value, let expected): "\(option) '\(value)': expected \(expected)"
        case .serverFailedToStart(let reason): "the sandbox server did not start: \(reason)"
        case .unknownWebhook(let vendor, let account, let id): "no webhook \(vendor)/\(account)/\(id) in the sandbox"
        }
    }
}
