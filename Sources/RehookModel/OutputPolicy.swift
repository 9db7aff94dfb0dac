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

    /// The user's choice, as `--color` takes it.
    public enum Preference: String, Sendable, Hashable, CaseIterable {
        case auto, always, never
    }
}

/// A standard stream a command writes to; standard output and standard error may differ in
/// whether they are a terminal (`rehook plan | less` colours diagnostics but not the plan).
public enum StandardStream: Sendable, Hashable, CaseIterable {
    case output, error
}

/// The one place rehook decides whether output is coloured. Every command, the diagnostics
/// and the REPL ask it; nothing else looks at `--color`, `NO_COLOR`, `TERM` or `isatty`.
///
/// `--color always` and `--color never` win. With `auto`, a stream is coloured only when it is
/// a terminal, `NO_COLOR` is not set at all (set to anything, even empty, turns colour off)
/// and `TERM` is not `dumb`.
public struct OutputPolicy: Sendable {
    public var preference: ColorMode.Preference
    /// The process environment (`NO_COLOR`, `TERM`).
    public var environment: [String: String]
    /// Whether a stream is a terminal; `isatty` on the process's streams unless injected.
    public var isTerminal: @Sendable (StandardStream) -> Bool

    public init(preference: ColorMode.Preference = .auto,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                isTerminal: @escaping @Sendable (StandardStream) -> Bool = OutputPolicy.processStreamIsTerminal) {
        self.preference = preference
        self.environment = environment
        self.isTerminal = isTerminal
    }

    /// The colour mode for writing to `stream`.
    public func colorMode(for stream: StandardStream) -> ColorMode {
        switch preference {
        case .always: return .always
        case .never: return .never
        case .auto:
            if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return .never }
            return isTerminal(stream) ? .always : .never
        }
    }

    /// Whether writing to `stream` is coloured.
    public func colors(_ stream: StandardStream) -> Bool { colorMode(for: stream) == .always }

    /// `isatty` on the process's standard output or standard error.
    public static let processStreamIsTerminal: @Sendable (StandardStream) -> Bool = { stream in
        isatty(stream == .output ? STDOUT_FILENO : STDERR_FILENO) == 1
    }
}

/// ANSI Select Graphic Rendition: the escape sequences every coloured renderer writes.
public enum ANSIStyle {
    /// `text` wrapped in `ESC[<codes>m … ESC[0m`, e.g. `codes: "1;31"` for bold red.
    public static func wrap(_ text: String, codes: String) -> String {
        "\u{1B}[\(codes)m\(text)\u{1B}[0m"
    }
}
