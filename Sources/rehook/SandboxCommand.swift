import ArgumentParser
import RehookApp

/// `rehook sandbox`: parses options and hands over to `SandboxApp`.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve local copies of the five vendor webhook APIs until Ctrl-C.",
        discussion: """
            Prints `export` lines (base URL overrides and sandbox keys) to eval in another shell, \
            serves on 127.0.0.1 until SIGINT or SIGTERM, then prints per-vendor request counts. \
            See docs/sandbox.md.
            """)

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port = 0
    @Option(help: "Seed the state from this fixture file.")
    var fixture: String?
    @Option(help: "Generate N accounts per vendor with M webhooks each, e.g. 3x10.")
    var generate: String?
    @Option(name: .customLong("rate"), help: "Rate limit per account, e.g. jogg=2/s (repeatable).")
    var rates: [String] = []
    @Option(help: "Milliseconds added to every vendor response.")
    var latency = 0
    @Option(help: "Fraction of vendor requests answered with a 5xx.")
    var failRate = 0.0
    @Option(help: "Fraction of vendor requests whose connection is closed without a response.")
    var dropRate = 0.0
    @Option(help: "Fraction of vendor responses delayed by 3 seconds.")
    var slowRate = 0.0
    @Option(help: "Seed for generated fleets and injected faults.")
    var seed: UInt64 = 1
    @Flag(help: "Forget the embedded sandbox's state (.rehook/sandbox.json) used by --sandbox, and exit.")
    var reset = false

    func run() async throws {
        if reset {
            let status = SandboxApp.resetEmbeddedState()
            if status != 0 { throw ExitCode(status) }
            return
        }
        var input = SandboxCommandInput()
        input.port = port
        input.fixturePath = fixture
        input.generate = generate
        input.rates = rates
        input.latencyMilliseconds = latency
        input.failRate = failRate
        input.dropRate = dropRate
        input.slowRate = slowRate
        input.seed = seed
        let status = await SandboxApp.run(input)
        if status != 0 { throw ExitCode(status) }
    }
}
