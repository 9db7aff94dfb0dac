import ArgumentParser
import RehookApp

/// `rehook check FILE...`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rehook scripts for errors without contacting any vendor.",
        discussion: "Exit status: 0 no errors (warnings allowed), 65 script errors, 1 a file could not be read, 64 usage.")

    @OptionGroup var arguments: CheckArguments

    func run() throws {
        try finish(with: CheckScripts.run(arguments))
    }
}
