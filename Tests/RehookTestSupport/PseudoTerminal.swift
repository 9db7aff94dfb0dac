import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program on a pseudo-terminal, as a person at a terminal would: standard input,
/// output and error are the terminal, which is also the program's controlling terminal (it
/// runs in a new session), so Ctrl-C (`PseudoTerminal.interrupt`) sends it SIGINT. The program
/// starts with no signal blocked and default dispositions (test-runner threads block most
/// signals, and `Process` would pass that mask on).
///
/// Generic on purpose: RehookREPLTests proves it with `/bin/cat` and an interactive bash and
/// drives the readline editor with it; RehookEndToEndTests drives `rehook repl`.
public final class PseudoTerminal {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Ctrl-C, Ctrl-D, Tab and Enter as the terminal receives them.
    public static let interrupt = "\u{03}"
    public static let endOfFile = "\u{04}"
    public static let tab = "\t"
    public static let enter = "\r"

    private let master: Int32
    /// The program on the other end; nil for a terminal the test hands out itself.
    private let pid: pid_t?
    private var exitStatus: Int32?
    /// Everything the program has written so far, bracketed-paste escapes removed.
    public private(set) var output = ""

    /// Starts `executable` with `arguments` and exactly `environment` on a new terminal of
    /// `columns` × `rows`; with `standardOutput`, its standard output goes to that file instead
    /// (standard input and error stay the terminal).
    public init(executable: URL, arguments: [String] = [], environment: [String: String],
         columns: UInt16 = 120, rows: UInt16 = 40, standardOutput: URL? = nil) throws {
        let (master, name) = try Self.openMaster(columns: columns, rows: rows)
        self.master = master
        do {
            pid = try Self.spawn(executable.path, arguments, environment, terminal: name, standardOutput: standardOutput?.path)
        } catch {
            close(master)
            throw error
        }
    }

    private init(master: Int32) {
        self.master = master
        self.pid = nil
    }

    /// A terminal with no program: the caller gets the other end's file descriptor (and
    /// closes it) to run code under test on it in this process.
    public static func pair(columns: UInt16 = 120, rows: UInt16 = 40) throws -> (terminal: PseudoTerminal, otherEnd: Int32) {
        let (master, name) = try openMaster(columns: columns, rows: rows)
        let otherEnd = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard otherEnd >= 0 else {
            close(master)
            throw Failure(description: "cannot open \(name): errno \(errno)")
        }
        return (PseudoTerminal(master: master), otherEnd)
    }

    /// A new pseudo-terminal of the given size: its master descriptor and the other end's path.
    private static func openMaster(columns: UInt16, rows: UInt16) throws -> (Int32, String) {
        let pty = try PTYFunctions()
        let master = pty.posixOpenpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "posix_openpt failed: errno \(errno)") }
        guard pty.grantpt(master) == 0, pty.unlockpt(master) == 0, let name = pty.ptsname(master) else {
            close(master)
            throw Failure(description: "cannot set up the pseudo-terminal: errno \(errno)")
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        return (master, String(cString: name))
    }

    deinit {
        if let pid, exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// posix_spawn in a new session whose first opened terminal, `terminal`, becomes the
    /// controlling one and standard input, output and error.
    private static func spawn(_ path: String, _ arguments: [String], _ environment: [String: String],
                              terminal: String, standardOutput: String?) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var resetSignals = sigset_t()
        sigemptyset(&resetSignals)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE, SIGCHLD, SIGHUP] {
            sigaddset(&resetSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &resetSignals)
        let setSession: Int32 = 0x80 // POSIX_SPAWN_SETSID (glibc 2.26+; hidden without _GNU_SOURCE)
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | setSession))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        if let standardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
        }
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(path): error \(result)") }
        return pid
    }

    /// Types `text` (use `\r` for Enter, as a terminal sends it).
    public func type(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "cannot write to the terminal: errno \(errno)") }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Reads until the output (since `start`, an index into `output`) contains `marker`;
    /// returns that new output. Throws, with what was read, when `timeout` passes first or the
    /// program closes the terminal.
    @discardableResult
    public func read(until marker: String, from start: String.Index? = nil, timeout: Duration = .seconds(20)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        let startOffset = start.map { output.distance(from: output.startIndex, to: $0) } ?? 0
        func fresh() -> String { String(output.dropFirst(startOffset)) }
        var pending: [UInt8] = []
        while !fresh().contains(marker) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw Failure(description: "timed out waiting for \(marker.debugDescription); got \(fresh().debugDescription)")
            }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 500))
            guard poll(&descriptor, 1, milliseconds) >= 0 || errno == EINTR else {
                throw Failure(description: "poll failed: errno \(errno)")
            }
            guard descriptor.revents != 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(master, &buffer, buffer.count)
            guard count > 0 else {
                throw Failure(description: "the terminal closed while waiting for \(marker.debugDescription); got \(fresh().debugDescription)")
            }
            pending += buffer[..<count]
            // Keep an incomplete UTF-8 sequence for the next read.
            let complete = String(validating: pending, as: UTF8.self) != nil ? pending.count : max(0, pending.count - 3)
            output += Self.strippingBracketedPaste(String(decoding: pending[..<complete], as: UTF8.self))
            pending.removeFirst(complete)
        }
        return fresh()
    }

    /// Waits for the program to exit, collecting its last output; returns its exit status
    /// (128 + the signal number when a signal ended it).
    public func waitForExit(timeout: Duration = .seconds(20)) throws -> Int32 {
        guard let pid else { throw Failure(description: "no program runs on this terminal") }
        let deadline = ContinuousClock.now + timeout
        while exitStatus == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + status & 0x7F
            }
            guard ContinuousClock.now < deadline else { throw Failure(description: "the program did not exit") }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = Glibc.read(master, &buffer, buffer.count)
                if count > 0 { output += Self.strippingBracketedPaste(String(decoding: buffer[..<count], as: UTF8.self)) }
            }
        }
        return exitStatus ?? -1
    }

    /// Removes readline's bracketed-paste mode switches (`ESC[?2004h`, `ESC[?2004l`).
    public static func strippingBracketedPaste(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}[?2004h", with: "").replacingOccurrences(of: "\u{1B}[?2004l", with: "")
    }
}

/// `posix_openpt`, `grantpt`, `unlockpt` and `ptsname` from the C library. Glibc declares them
/// only under `_XOPEN_SOURCE`, which Swift's Glibc module does not define, so they are looked up
/// at run time.
private struct PTYFunctions {
    let posixOpenpt: @convention(c) (Int32) -> Int32
    let grantpt: @convention(c) (Int32) -> Int32
    let unlockpt: @convention(c) (Int32) -> Int32
    let ptsname: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    init() throws {
        posixOpenpt = try Self.function("posix_openpt")
        grantpt = try Self.function("grantpt")
        unlockpt = try Self.function("unlockpt")
        ptsname = try Self.function("ptsname")
    }

    private static func function<Function>(_ name: String) throws -> Function {
        guard let symbol = dlsym(nil, name) else {
            throw PseudoTerminal.Failure(description: "the C library has no \(name)")
        }
        return unsafeBitCast(symbol, to: Function.self)
    }
}
