import ArgumentParser
import RehookApp

/// `rehook sandbox`
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve local copies of the five vendor webhook APIs until Ctrl-C.",
        discussion: """
            Prints `export` lines (base URL overrides and sandbox keys) to eval in another shell, \
            serves on 127.0.0.1 until SIGINT or SIGTERM, then prints per-vendor request counts. \
            See docs/sandbox.md.
            """)

    @OptionGroup var arguments: SandboxArguments

    func run() async throws {
        try finish(with: await SandboxApp.run(arguments))
    }
}
