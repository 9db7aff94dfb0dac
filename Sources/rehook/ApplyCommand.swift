import ArgumentParser
import RehookApp

/// `rehook apply SCRIPT|PLAN.json` and `rehook apply --resume RUN_ID`
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a script or a saved plan to the live webhooks.",
        discussion: """
            Shows the plan and asks for 'yes' on a terminal; without a terminal it refuses unless \
            --yes is given. Every run is journalled in .rehook/runs/<run-id>/ with a rollback plan \
            (apply rollback.json to undo). Exit status: 0 all applied, 1 error, 3 partially applied, \
            4 stale webhooks skipped, 65 script errors, 64 usage, 130 interrupted (resume with --resume).
            """)

    @OptionGroup var arguments: ApplyArguments

    func run() async throws {
        try finish(with: await ApplyApp.run(arguments))
    }
}

/// `rehook runs`
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List apply runs and their status (.rehook/runs/).")

    @OptionGroup var arguments: RunsArguments

    func run() throws {
        try finish(with: RunsApp.run(arguments))
    }
}
