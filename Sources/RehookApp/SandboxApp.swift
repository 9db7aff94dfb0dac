import ArgumentParser
import Foundation
import RehookModel
import RehookSandbox

/// The `rehook sandbox` arguments, parsed by the command line and handed over whole.
public struct SandboxArguments: ParsableArguments {
    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    public var port = 0
    @Flag(help: "Also serve each vendor alone on a free port of its own (real vendors are separate hosts); the exports point there.")
    public var portPerVendor = false
    @Option(name: .customLong("fixture"), help: "Seed the state from this fixture file.")
    public var fixturePath: String?
    @Option(help: "Generate N accounts per vendor with M webhooks each, e.g. 3x10.")
    public var generate: String?
    @Option(name: .customLong("rate"), help: "Rate limit per account, e.g. jogg=2/s (repeatable).")
    public var rates: [String] = []
    @Option(name: .customLong("latency"), help: "Milliseconds added to every vendor response.")
    public var latencyMilliseconds = 0
    @Option(help: "Fraction of vendor requests answered with a 5xx.")
    public var failRate = 0.0
    @Option(help: "Fraction of vendor requests whose connection is closed without a response.")
    public var dropRate = 0.0
    @Option(help: "Fraction of vendor responses delayed by 3 seconds.")
    public var slowRate = 0.0
    @Option(help: "Seed for generated fleets and injected faults.")
    public var seed: UInt64 = 1
    @Flag(help: "Forget the embedded sandbox's state (.rehook/sandbox.json) used by --sandbox, and exit.")
    public var reset = false

    public init() {}
}

/// `rehook sandbox`: serve the five vendor APIs locally until SIGINT/SIGTERM.
public enum SandboxApp {
    /// Turns command-line input into sandbox options; errors name the option at fault.
    public static func options(from input: SandboxArguments) throws -> SandboxOptions {
        var options = SandboxOptions(port: input.port, randomSeed: input.seed)
        options.portPerVendor = input.portPerVendor
        switch (input.fixturePath, input.generate) {
        case (let path?, nil): options.seed = .file(URL(fileURLWithPath: path))
        case (nil, let text?): options.seed = .fleet(try SandboxFleet(parsing: text, seed: input.seed))
        case (nil, nil): options.seed = .fleet(.demo)
        case (_?, _?):
            throw SandboxError.invalidOption(option: "--fixture", value: input.fixturePath ?? "",
                                             expected: "either --fixture or --generate, not both")
        }
        for text in input.rates {
            let (vendor, rate) = try SandboxOptions.parseRateLimit(text)
            options.rateLimits[vendor] = rate
        }
        guard input.latencyMilliseconds >= 0 else {
            throw SandboxError.invalidOption(option: "--latency", value: String(input.latencyMilliseconds),
                                             expected: "milliseconds, 0 or more")
        }
        options.latency = .milliseconds(input.latencyMilliseconds)
        options.faults = SandboxFaults(failRate: input.failRate, dropRate: input.dropRate, slowRate: input.slowRate)
        try options.validate()
        return options
    }

    /// `rehook sandbox --reset`: the next `--sandbox` command starts from the demo fleet again.
    public static func resetEmbeddedState(in directory: StateDirectory = StateDirectory()) async -> Int32 {
        await CommandRunner.run {
            let forgotten: Bool
            do {
                forgotten = try EmbeddedSandbox.reset(in: directory)
            } catch {
                throw CommandFailure("cannot remove \(directory.sandboxState.path): \(error.localizedDescription)")
            }
            Console.out(forgotten ? "Sandbox state reset; the next --sandbox command starts from the demo fleet."
                                  : "No sandbox state to reset; --sandbox starts from the demo fleet.")
            return ExitCodes.success
        }
    }

    /// Runs the sandbox: prints the variables to `eval`, serves until SIGINT or SIGTERM, then
    /// prints the per-vendor summary. Returns the exit code (0, 64 bad options, 1 no server).
    /// With `--reset`, `resetEmbeddedState` instead.
    public static func run(_ input: SandboxArguments) async -> Int32 {
        if input.reset { return await resetEmbeddedState() }
        return await CommandRunner.run { try await serve(input) }
    }

    private static func serve(_ input: SandboxArguments) async throws -> Int32 {
        let options: SandboxOptions
        do {
            options = try SandboxApp.options(from: input)
        } catch {
            throw CommandFailure("\(error)", exitCode: ExitCodes.usage)
        }
        let termination = SandboxTermination()
        let sandbox = try await Sandbox.start(options)
        standardOutput("# rehook sandbox on \(sandbox.rootURL) — \(sandbox.accounts.count) accounts; Ctrl-C stops it.")
        standardOutput("# Sandbox keys are not real secrets. Admin: \(sandbox.rootURL)/_sandbox/stats")
        standardOutput(sandbox.shellExports)
        let signal = await termination.wait()
        standardError("rehook sandbox: received \(signal == SIGINT ? "SIGINT" : "SIGTERM"), shutting down")
        await sandbox.shutdown()
        standardOutput(await sandbox.stats().summary)
        return ExitCodes.success
    }

    /// Unbuffered, so that a reader of a pipe sees the exports at once.
    private static func standardOutput(_ text: String) {
        Console.text(text + "\n", to: .output)
    }

    private static func standardError(_ line: String) {
        Console.text(line + "\n", to: .error)
    }
}
