import Foundation

/// Where the REPL keeps its history, how much of it, and which lines it refuses to keep.
///
/// Lines that might hold a credential are never written: anything with a word like `token`,
/// `password`, `apikey` or `authorization`, an `Authorization`-style header, a URL with a
/// user:password part, a known key prefix (`sk_`, `ghp_`, `xox…`), or a run of 24+ letters and
/// digits mixing both (the shape of a key). Meta-commands and `env("…")`/`file("…")` references
/// are kept: they name where a secret lives, not the secret.
public struct HistoryPolicy: Sendable {
    /// The history file, or nil when there is nowhere to keep it.
    public var path: String?
    /// At most this many lines are kept, oldest dropped first.
    public var capacity: Int

    public init(path: String?, capacity: Int = 1000) {
        self.path = path
        self.capacity = max(1, capacity)
    }

    /// `$REHOOK_HISTORY_FILE`, else `$XDG_STATE_HOME/rehook/history`, else
    /// `$HOME/.local/state/rehook/history`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let explicit = environment["REHOOK_HISTORY_FILE"], !explicit.isEmpty { return explicit }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/rehook/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/rehook/history" }
        return nil
    }

    /// Whether `line` may be written to the history.
    public func shouldRecord(_ line: String) -> Bool {
        let trimmed = line.trimmingSpaces
        return !trimmed.isEmpty && !Self.mightHoldSecret(trimmed)
    }

    static let secretWords = ["password", "passwd", "token", "apikey", "api_key", "api-key", "authorization",
                              "bearer ", "basic ", "private_key", "client_secret"]
    static let keyPrefixes = ["sk_", "sk-", "pk_live", "rk_live", "ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "AKIA"]

    /// The line looks like it contains a credential.
    public static func mightHoldSecret(_ line: String) -> Bool {
        let lowered = line.lowercased()
        if secretWords.contains(where: lowered.contains) { return true }
        if keyPrefixes.contains(where: { line.contains($0) }) { return true }
        if line.range(of: #"[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s"@]*:[^/\s"@]*@"#, options: .regularExpression) != nil { return true }
        return longTokens(in: line).contains { token in
            token.contains(where: \.isLetter) && token.contains(where: \.isNumber)
        }
    }

    /// Runs of 24 or more ASCII letters, digits, `_` and `-`.
    private static func longTokens(in line: String) -> [Substring] {
        line.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-")) }.filter { $0.count >= 24 }
    }

    /// The lines stored in the history file (missing file: none), at most `capacity`.
    public func load() -> [String] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(capacity).map(String.init).filter(shouldRecord)
    }

    /// Appends `line` to the file if it may be recorded, keeping the newest `capacity` lines.
    /// Returns whether the line was recorded. The file and its folder are private to the user.
    @discardableResult
    public func record(_ line: String) throws -> Bool {
        guard let path, shouldRecord(line), !line.contains("\n") else { return false }
        var lines = load()
        if lines.last == line { return true }
        lines.append(line)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let text = lines.suffix(capacity).map { $0 + "\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return true
    }
}
