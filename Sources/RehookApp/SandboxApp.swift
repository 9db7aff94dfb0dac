import Foundation
import RehookModel
import RehookSandbox

/// The `rehook sandbox` options, as typed on the command line.
public struct SandboxCommandInput: Sendable {
    public var port = 0
    /// `--fixture FILE`: seed from a fixture file.
    public var fixturePath: String?
    /// `--generate NxM`: N accounts per vendor × M webhooks.
    public var generate: String?
    /// `--rate VENDOR=N/s`, repeatable.
    public var rates: [String] = []
    public var latencyMilliseconds = 0
    public var failRate = 0.0
    public var dropRate = 0.0
    public var slowRate = 0.0
    public var seed: UInt64 = 1

    public init() {}
}

/// `rehook sandbox`: serve the five vendor APIs locally until SIGINT/SIGTERM.
public enum SandboxApp {
    /// Turns command-line input into sandbox options; errors name the option at fault.
    public static func options(from input: SandboxCommandInput) throws -> SandboxOptions {
        var options = SandboxOptions(port: input.port, randomSeed: input.seed)
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
    public static func resetEmbeddedState(in directory: StateDirectory = StateDirectory()) -> Int32 {
        do {
            let forgotten = try EmbeddedSandbox.reset(in: directory)
            Console.out(forgotten ? "Sandbox state reset; the next --sandbox command starts from the demo fleet."
                                  : "No sandbox state to reset; --sandbox starts from the demo fleet.")
            return ExitCodes.success
        } catch {
            Console.error("error: cannot remove \(directory.sandboxState.path): \(error.localizedDescription)")
            return ExitCodes.failure
        }
    }

    /// Runs the sandbox: prints the variables to `eval`, serves until SIGINT or SIGTERM, then
    /// prints the per-vendor summary. Returns the exit code (0, 64 bad options, 1 no server).
    public static func run(_ input: SandboxCommandInput) async -> Int32 {
        let options: SandboxOptions
        do {
            options = try SandboxApp.options(from: input)
        } catch {
            standardError("rehook sandbox: \(error)")
            return 64
        }
        let termination = SandboxTermination()
        let sandbox: RunningSandbox
        do {
            sandbox = try await Sandbox.start(options)
        } catch {
            standardError("rehook sandbox: \(error)")
            return 1
        }
        standardOutput("# rehook sandbox on \(sandbox.rootURL) — \(sandbox.accounts.count) accounts; Ctrl-C stops it.")
        standardOutput("# Sandbox keys are not real secrets. Admin: \(sandbox.rootURL)/_sandbox/stats")
        standardOutput(sandbox.shellExports)
        let signal = await termination.wait()
        standardError("rehook sandbox: received \(signal == SIGINT ? "SIGINT" : "SIGTERM"), shutting down")
        await sandbox.shutdown()
        standardOutput(await sandbox.stats().summary)
        return 0
    }

    /// Unbuffered, so that a reader of a pipe sees the exports at once.
    private static func standardOutput(_ text: String) {
        Console.write(Data((text + "\n").utf8), to: .output)
    }

    private static func standardError(_ line: String) {
        Console.write(Data((line + "\n").utf8), to: .error)
    }
}
