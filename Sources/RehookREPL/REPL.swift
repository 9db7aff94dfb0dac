import Foundation
import RehookLanguage
import RehookModel

/// The interactive REPL behind `rehook repl`: statements accumulate into a session script,
/// meta-commands (`:plan`, `:apply`, ...) act on it through a `REPLBackend`.
///
/// Exit status of `run()`: 0 when interactive. For scripted (non-terminal) input, the first
/// failure decides: 65 a statement had errors, 1 a command failed, 130 an operation was
/// interrupted; 0 when everything succeeded.
public final class REPL {
    let backend: any REPLBackend
    let input: any LineInput
    let output: REPLOutput
    /// Where diagnostics and errors go: standard error in a scripted session (as `rehook
    /// check`'s), the terminal with everything else in an interactive one.
    let diagnostics: REPLOutput
    let interrupts: Interrupts
    let renderer: DiagnosticRenderer
    var session = REPLSession()
    var buffer = StatementBuffer()
    /// Event catalogues fetched so far (completion).
    let eventCatalogue = Locked<[VendorID: [String]]>([:])
    /// The first failure's exit status (scripted input only).
    var failureStatus: Int32?
    /// The session script the last plan was made from (plan diagnostics point into it).
    var lastPlannedSource: SourceFile?

    /// `diagnostics` defaults to `output`.
    public init(backend: any REPLBackend, input: any LineInput, output: REPLOutput = .standardOutput,
                diagnostics: REPLOutput? = nil, interrupts: Interrupts = Interrupts(), colored: Bool = false) {
        self.backend = backend
        self.input = input
        self.output = output
        self.diagnostics = diagnostics ?? output
        self.interrupts = interrupts
        self.renderer = DiagnosticRenderer(colored: colored)
    }

    /// The REPL on the process's standard streams: the readline editor (with history at
    /// `HistoryPolicy.defaultPath`) when standard input is a terminal, plain lines otherwise.
    /// Installs the SIGINT handler: Ctrl-C clears the line or cancels the running operation;
    /// with plain input and nothing running it ends the process with status 130.
    /// Diagnostics go to standard output on a terminal and to standard error otherwise, coloured
    /// when `outputPolicy` colours that stream.
    public static func forStandardStreams(backend: any REPLBackend, outputPolicy: OutputPolicy = OutputPolicy()) -> REPL {
        let environment = outputPolicy.environment
        let interactive = isatty(STDIN_FILENO) == 1
        // With plain input nothing else handles Ctrl-C between operations: end as a shell would.
        let interrupts = interactive ? Interrupts() : Interrupts(whenIdle: { Foundation.exit(ExitCodes.interrupted) })
        InterruptSignal.forward(to: interrupts)
        let input: any LineInput = interactive
            ? ReadlineEditor(history: HistoryPolicy(path: HistoryPolicy.defaultPath(environment: environment)),
                             interrupts: interrupts)
            : PlainLineInput()
        return REPL(backend: backend, input: input, diagnostics: interactive ? .standardOutput : .standardError,
                    interrupts: interrupts, colored: outputPolicy.colors(interactive ? .output : .error))
    }

    /// The statements accepted so far.
    public var sessionScript: String { session.script }

    /// Reads and runs lines until `:quit` or the end of input; returns the exit status.
    public func run() async -> Int32 {
        if input.isInteractive {
            output.write("rehook REPL: type statements, or :help for commands. Ctrl-D exits.\n")
        }
        // The accounts are read before the first prompt, so event names complete from the
        // first line on; Ctrl-C skips the wait.
        _ = await interrupts.cancellable { [backend, eventCatalogue] in
            await REPL.fetchEventCatalogues(from: backend, into: eventCatalogue)
        }
        while true {
            input.updateCompletion(completionContext())
            switch await input.readLine(prompt: buffer.isEmpty ? "rehook> " : "   ...> ") {
            case .endOfInput:
                if !buffer.isEmpty {
                    diagnostics.write("error: the input ended inside an unfinished statement; it was not added\n")
                    fail(ExitCodes.scriptErrors)
                }
                return exitStatus
            case .interrupted:
                buffer.reset()
            case .line(let line):
                if !line.trimmingSpaces.isEmpty { input.recordHistory(line) }
                if buffer.isEmpty, line.trimmingSpaces.hasPrefix(":") {
                    if await perform(line) == .quit { return exitStatus }
                } else if !(buffer.isEmpty && line.trimmingSpaces.isEmpty) {
                    buffer.append(line)
                    if buffer.isComplete {
                        submit(buffer.text)
                        buffer.reset()
                    }
                }
            }
        }
    }

    /// 0 on a terminal; for scripted input, the first failure's status (0 when none).
    private var exitStatus: Int32 { input.isInteractive ? 0 : failureStatus ?? 0 }

    /// Checks a complete statement against the session; adds it when it has no errors.
    func submit(_ text: String) {
        let checked = session.check(text, path: "<input>")
        report(checked)
        if checked.hasErrors {
            diagnostics.write("(not added to the session)\n")
            fail(ExitCodes.scriptErrors)
        } else {
            session.add(checked)
        }
    }

    /// Prints the diagnostics worth showing for checked input, with carets into its source.
    func report(_ checked: CheckedScript) {
        let shown = REPLSession.shown(checked.diagnostics)
        if !shown.isEmpty { diagnostics.write(renderer.render(shown, in: checked.source)) }
    }

    /// Reads every vendor's event catalogue (for completion).
    static func fetchEventCatalogues(from backend: any REPLBackend, into catalogue: Locked<[VendorID: [String]]>) async {
        for vendor in VendorID.allCases {
            let names = await backend.eventNames(for: vendor)
            catalogue.withLock { $0[vendor] = names }
        }
    }

    /// Records a failure for the exit status of a scripted session.
    func fail(_ status: Int32) {
        if failureStatus == nil { failureStatus = status }
    }

    func completionContext() -> CompletionContext {
        let directory = FileManager.default.currentDirectoryPath
        let catalogue = eventCatalogue
        return CompletionContext(
            variables: session.variableNames,
            eventNames: catalogue.withLock { $0 }, // read at each Tab: the catalogues arrive while typing
            pendingLines: buffer.lines,
            listDirectory: { path in Self.entries(of: path.isEmpty ? directory : path, relativeTo: directory) })
    }

    /// Names in a directory, directories with a trailing "/".
    static func entries(of path: String, relativeTo base: String) -> [String] {
        let full = path.hasPrefix("/") ? path : base + "/" + path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []
        return names.map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full + "/" + name, isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
    }

    /// Asks a question and reads the answer from the next input line (nil: Ctrl-C or end of input).
    func ask(_ question: String) async -> String? {
        if !input.isInteractive { output.write(question + "\n") }
        if case .line(let answer) = await input.readLine(prompt: question) { return answer }
        return nil
    }

    /// Runs a backend call that Ctrl-C cancels; prints what went wrong and returns nil on
    /// failure. An interrupted call returns what it still produced (an apply's summary with
    /// its run id and resume command), or nil.
    func backendCall<Result: Sendable>(_ what: String, _ call: @escaping @Sendable () async throws -> Result) async -> Result? {
        let outcome = await interrupts.cancellable(call)
        if outcome.interrupted {
            // On a terminal the ^C the terminal echoed ends the line first.
            diagnostics.write((input.isInteractive ? "\n" : "") + "\(what) interrupted\n")
            fail(ExitCodes.interrupted)
            return outcome.result
        }
        if let error = outcome.error {
            diagnostics.write("error: \(what) failed: \(error)\n")
            fail(ExitCodes.failure)
            return nil
        }
        return outcome.result
    }
}
