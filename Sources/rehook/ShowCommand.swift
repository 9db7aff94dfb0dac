import ArgumentParser
import RehookApp

/// `rehook show PLAN.json`
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Render a saved plan (human, JSON or Markdown) without calling any vendor.",
        discussion: "Exit status: 0 shown, 1 the file is not a readable plan (or its content does not match its digest).")

    @OptionGroup var arguments: ShowArguments

    func run() throws {
        try finish(with: ShowApp.run(arguments))
    }
}
