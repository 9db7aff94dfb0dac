import Foundation
import RehookModel

/// What one attempt to read a line produced.
public enum LineReadResult: Sendable, Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line being typed was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// A source of input lines: the readline editor on a terminal, plain lines otherwise.
public protocol LineInput: Sendable {
    /// The input is a person at a terminal: prompts are shown and output may be coloured.
    var isInteractive: Bool { get }
    /// Reads one line, showing `prompt` when interactive.
    func readLine(prompt: String) async -> LineReadResult
    /// Offers `line` for the persistent history (the input decides whether to keep it).
    func recordHistory(_ line: String)
    /// The session state tab completion works from.
    func updateCompletion(_ context: CompletionContext)
    /// Reads a one-key answer (`:review`): on a terminal the key itself, without Enter;
    /// otherwise the next line, trimmed.
    func readKey(prompt: String) async -> LineReadResult
}

extension LineInput {
    public func recordHistory(_ line: String) {}
    public func updateCompletion(_ context: CompletionContext) {}

    public func readKey(prompt: String) async -> LineReadResult {
        switch await readLine(prompt: prompt) {
        case .line(let line): .line(line.trimmingSpaces)
        case let other: other
        }
    }
}

/// Reads lines from standard input without prompts or escape codes (piped, scripted sessions).
public struct PlainLineInput: LineInput {
    public init() {}

    public var isInteractive: Bool { false }

    public func readLine(prompt: String) async -> LineReadResult {
        await runOnOwnThread {
            Swift.readLine(strippingNewline: true).map(LineReadResult.line) ?? .endOfInput
        }
    }
}

/// Lines given up front (tests, and sessions built in code). Remembers the prompts it was shown.
public final class ScriptedLineInput: LineInput {
    private let state: Locked<(lines: [String], prompts: [String], history: [String])>
    public let isInteractive: Bool

    public init(_ lines: [String], interactive: Bool = false) {
        self.state = Locked((lines, [], []))
        self.isInteractive = interactive
    }

    public func readLine(prompt: String) async -> LineReadResult {
        state.withLock { state in
            state.prompts.append(prompt)
            guard !state.lines.isEmpty else { return .endOfInput }
            return .line(state.lines.removeFirst())
        }
    }

    public func recordHistory(_ line: String) { state.withLock { $0.history.append(line) } }

    /// Every prompt shown so far, in order.
    public var prompts: [String] { state.withLock(\.prompts) }
    /// Lines offered for history.
    public var history: [String] { state.withLock(\.history) }
}

/// Where the REPL writes everything it prints.
public struct REPLOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    public func write(_ text: String) { sink(text) }

    /// Standard output, unbuffered (a closed pipe loses the text instead of trapping), URL
    /// credentials masked (`URLCredentials`) as in every other output.
    public static let standardOutput = REPLOutput { text in
        try? FileHandle.standardOutput.write(contentsOf: Data(URLCredentials.masking(in: text).utf8))
    }

    /// Standard error, the same way: where a scripted session's diagnostics go, as `rehook check`'s do.
    public static let standardError = REPLOutput { text in
        try? FileHandle.standardError.write(contentsOf: Data(URLCredentials.masking(in: text).utf8))
    }
}

/// Collects output in memory (tests).
public final class OutputBuffer: Sendable {
    private let text = Locked("")

    public init() {}

    public var output: REPLOutput { REPLOutput { [text] chunk in text.withLock { $0 += chunk } } }
    public var contents: String { text.withLock { $0 } }
}

/// Runs blocking work (a terminal read) on a dedicated thread, so it never blocks the
/// cooperative thread pool.
func runOnOwnThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.start()
    }
}
