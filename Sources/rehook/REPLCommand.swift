import ArgumentParser
import RehookApp

/// `rehook repl`
struct REPLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore the fleet, try rules, see the diff and apply, interactively (see docs/repl.md).",
        discussion: "With standard input not a terminal, reads statements and meta-commands line by line, without prompts.")

    @OptionGroup var arguments: REPLArguments

    func run() async throws {
        try finish(with: await REPLApp.run(arguments))
    }
}
