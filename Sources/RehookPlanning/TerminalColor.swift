import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether rendered output carries ANSI colour escape codes.
public enum ColorMode: Sendable, Hashable {
    case never
    case always

    /// The user's choice, as a `--color` flag would take it.
    public enum Preference: String, Sendable, Hashable, CaseIterable {
        case auto, always, never
    }

    /// Decides the colour mode: an explicit `always`/`never` wins; `auto` colours only a
    /// terminal, and never when `NO_COLOR` is set to a non-empty value (https://no-color.org)
    /// or `TERM` is `dumb`.
    public static func decide(preference: Preference = .auto, isTerminal: Bool,
                              environment: [String: String]) -> ColorMode {
        switch preference {
        case .always: return .always
        case .never: return .never
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .never }
            if environment["TERM"] == "dumb" { return .never }
            return isTerminal ? .always : .never
        }
    }

    /// The mode for standard output: `decide` with `isatty(STDOUT_FILENO)` and the process
    /// environment.
    public static func forStandardOutput(preference: Preference = .auto,
                                         environment: [String: String] = ProcessInfo.processInfo.environment) -> ColorMode {
        decide(preference: preference, isTerminal: isTerminal(), environment: environment)
    }

    /// `true` when the given file descriptor (by default standard output) is a terminal.
    public static func isTerminal(fileDescriptor: Int32 = STDOUT_FILENO) -> Bool {
        isatty(fileDescriptor) == 1
    }
}

/// The colours plan output uses: green for additions, red for removals, yellow for updates.
public enum TerminalColor: String, Sendable, Hashable {
    case green = "32"
    case red = "31"
    case yellow = "33"
    case bold = "1"
}

/// Wraps text in ANSI escape codes when colour is on, and returns it untouched when off.
public struct TerminalStyle: Sendable, Hashable {
    public let mode: ColorMode

    public init(mode: ColorMode) {
        self.mode = mode
    }

    /// `text` in `color`, or plain `text` when colour is off or the text is empty.
    public func paint(_ text: String, _ color: TerminalColor) -> String {
        guard mode == .always, !text.isEmpty else { return text }
        return "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m"
    }
}
