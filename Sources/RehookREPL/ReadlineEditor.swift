import CReadline
import Foundation
import RehookModel

/// The line editor for a terminal: GNU readline (line editing, history, tab completion) through
/// its callback interface, so that Ctrl-C can abandon the line without readline's own signal
/// handling. Reads run on a dedicated thread; readline's globals are only touched by one read
/// at a time.
public final class ReadlineEditor: LineInput {
    private let history: HistoryPolicy
    private let interrupts: Interrupts
    /// Ctrl-C wakes the read loop through this pipe.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Sets readline up (signals off, completion, the history from `history.path`) on the
    /// process's standard input and output, or on `terminal` (a terminal's file descriptor,
    /// for tests). Readline is process-global: use one editor at a time.
    public init(history: HistoryPolicy, interrupts: Interrupts, terminal: Int32? = nil) {
        self.history = history
        self.interrupts = interrupts
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 { _ = fcntl(fds[0], F_SETFL, O_NONBLOCK) }
        (wakeRead, wakeWrite) = (fds[0], fds[1])
        ReadlineBridge.configure(capacity: history.capacity, entries: history.load())
        ReadlineBridge.use(terminal: terminal)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    public var isInteractive: Bool { true }

    public func readLine(prompt: String) async -> LineReadResult {
        await readOnOwnThread { wakeFD in ReadlineBridge.readLine(prompt: prompt, wakeFD: wakeFD) }
    }

    public func readKey(prompt: String) async -> LineReadResult {
        await readOnOwnThread { wakeFD in ReadlineBridge.readKey(prompt: prompt, wakeFD: wakeFD) }
    }

    /// Runs a terminal read on its own thread; Ctrl-C wakes it through the pipe whose reading
    /// end it is given.
    private func readOnOwnThread(_ read: @escaping @Sendable (Int32) -> LineReadResult) async -> LineReadResult {
        let wakeWrite = wakeWrite
        let wakeRead = wakeRead
        return await interrupts.handling(with: {
            var byte: UInt8 = 3
            _ = write(wakeWrite, &byte, 1)
        }) {
            await runOnOwnThread { read(wakeRead) }
        }
    }

    public func recordHistory(_ line: String) {
        guard history.shouldRecord(line) else { return }
        add_history(line)
        _ = try? history.record(line)
    }

    public func updateCompletion(_ context: CompletionContext) {
        ReadlineBridge.state.withLock { $0.completion = context }
    }
}

/// Readline's C callbacks and the state they share with Swift.
enum ReadlineBridge {
    struct State: Sendable {
        var completion = CompletionContext()
        /// Set by the line handler when a line (or end of input) is complete.
        var finished: LineReadResult?
        /// The terminal readline reads and writes.
        var input = STDIN_FILENO
        var output = STDOUT_FILENO
    }

    static let state = Locked(State())
    private static let configured = Locked(false)

    static func configure(capacity: Int, entries: [String]) {
        let first = configured.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        setlocale(LC_CTYPE, "")
        rehook_set_readline_name("rehook")
        rehook_set_catch_signals(0)
        // Readline keeps these pointers: the strings live as long as the process.
        let breaks = strdup(Completer.wordBreakCharacters)
        rehook_set_basic_word_break_characters(breaks)
        rehook_set_completer_word_break_characters(breaks)
        rehook_set_attempted_completion_function(attemptCompletion)
        using_history()
        stifle_history(Int32(clamping: capacity))
        for entry in entries { add_history(entry) }
    }

    /// Points readline at `terminal` (nil: standard input and output).
    static func use(terminal: Int32?) {
        guard let terminal else { return }
        rehook_set_streams(fdopen(dup(terminal), "r"), fdopen(dup(terminal), "w"))
        state.withLock { ($0.input, $0.output) = (terminal, terminal) }
    }

    /// One line, read through the callback interface; Ctrl-C (a byte on `wakeFD`) abandons it.
    static func readLine(prompt: String, wakeFD: Int32) -> LineReadResult {
        drain(wakeFD)
        state.withLock { $0.finished = nil }
        rl_callback_handler_install(prompt, lineHandler)
        let input = state.withLock(\.input)
        while true {
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .endOfInput
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                drain(wakeFD)
                abandonLine()
                return .interrupted
            }
            if fds[0].revents != 0 {
                rl_callback_read_char()
                if let finished = state.withLock({ $0.finished }) { return finished }
            }
        }
    }

    /// One key, read with the terminal out of canonical mode (no Enter needed, not echoed by
    /// the terminal; the key is echoed here). Ctrl-D ends the input; Ctrl-C (a byte on `wakeFD`)
    /// interrupts.
    static func readKey(prompt: String, wakeFD: Int32) -> LineReadResult {
        drain(wakeFD)
        let input = state.withLock(\.input)
        writeToTerminal(prompt)
        var saved = termios()
        let isTerminal = tcgetattr(input, &saved) == 0
        if isTerminal {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            withUnsafeMutableBytes(of: &raw.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            tcsetattr(input, TCSANOW, &raw)
        }
        defer { if isTerminal { tcsetattr(input, TCSANOW, &saved) } }
        while true {
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return .endOfInput
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                drain(wakeFD)
                writeToTerminal("^C\n")
                return .interrupted
            }
            var byte: UInt8 = 0
            guard fds[0].revents != 0, read(input, &byte, 1) == 1, byte != 4 else {
                writeToTerminal("\n")
                return .endOfInput
            }
            let key = byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : ""
            writeToTerminal(key + "\n")
            return .line(key)
        }
    }

    /// Shows `^C` after the line, then forgets it and gives the terminal back.
    private static func abandonLine() {
        rl_callback_sigcleanup()
        _ = rl_end_of_line(1, 0)
        rl_redisplay()
        writeToTerminal("^C\n")
        rl_replace_line("", 0)
        rl_callback_handler_remove()
    }

    /// Writes straight to the terminal (readline flushes its own stream after redisplay).
    static func writeToTerminal(_ text: String) {
        let bytes = Array(text.utf8)
        let output = state.withLock(\.output)
        _ = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
    }

    private static func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fd, &buffer, buffer.count) > 0 {}
    }
}

/// Readline's line handler: a finished line, or NULL at end of input (Ctrl-D).
private func lineHandler(_ raw: UnsafeMutablePointer<CChar>?) {
    let result: LineReadResult
    if let raw {
        result = .line(String(cString: raw))
        free(raw)
    } else {
        ReadlineBridge.writeToTerminal("\n")
        result = .endOfInput
    }
    ReadlineBridge.state.withLock { $0.finished = result }
    rl_callback_handler_remove()
}

/// Readline's completion hook: asks the `Completer` and hands readline a malloc'd,
/// NULL-terminated array (the common prefix first, then every candidate).
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rehook_set_attempted_completion_over(1)
    guard let buffer = rehook_rl_line_buffer() else { return nil }
    let point = max(0, Int(rehook_rl_point()))
    let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: point), as: UTF8.self)
    let context = ReadlineBridge.state.withLock { $0.completion }
    let completion = Completer.complete(before, context: context)
    guard !completion.candidates.isEmpty else { return nil }
    if let terminator = completion.terminator.utf8.first {
        rehook_set_completion_append_character(Int32(terminator))
    } else {
        rehook_set_completion_suppress_append(1)
    }
    let entries = completion.candidates.count == 1 ? completion.candidates : [completion.commonPrefix] + completion.candidates
    guard let memory = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)) else { return nil }
    let matches = memory.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    for (index, entry) in entries.enumerated() { matches[index] = strdup(entry) }
    matches[entries.count] = nil
    return matches
}
