import ArgumentParser
import RehookApp

/// `rehook plan SCRIPT`
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a script would change, without changing anything.",
        discussion: """
            Exit status: 0 success (with --detailed-exitcode: no changes), 2 changes present \
            (with --detailed-exitcode), 1 error, 65 script errors, 64 usage.
            """)

    @OptionGroup var arguments: PlanArguments

    func run() async throws {
        try finish(with: await PlanApp.run(arguments))
    }
}
