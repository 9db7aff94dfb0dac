import ArgumentParser
import RehookApp
import RehookPlanning

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

    @Argument(help: "A script (.rehook) to plan and apply, or a plan file saved with 'plan --out'.")
    var target: String?

    @Option(help: "Finish an interrupted run (see 'rehook runs').")
    var resume: String?

    @OptionGroup var fleet: FleetArguments

    @Flag(name: [.customLong("yes"), .customLong("auto-approve"), .customShort("y")],
          help: "Apply without asking.")
    var yes = false

    @Flag(help: "Write NDJSON events (one per state change, then a summary) to stdout instead of the diff and progress.")
    var json = false

    @Option(help: "Refuse a plan that changes more than this many webhooks.")
    var maxChanges: Int?

    @Flag(help: "Write even webhooks that changed since the plan (normally skipped as stale).")
    var force = false

    @Flag(help: "Treat review warnings as errors when planning a script.")
    var strict = false

    @Option(help: "Colour: auto, always or never (NO_COLOR is honoured).")
    var color: ColorMode.Preference = .auto

    func validate() throws {
        switch (target, resume) {
        case (nil, nil): throw ValidationError("give a script or plan file to apply, or --resume RUN_ID")
        case (_?, _?): throw ValidationError("--resume takes the run's own plan; give no script or plan file with it")
        default: break
        }
        if let maxChanges, maxChanges < 0 { throw ValidationError("--max-changes must be 0 or more") }
    }

    func run() async throws {
        var input = ApplyCommandInput()
        input.target = target
        input.resumeRunID = resume
        input.fleet = fleet.options
        input.autoApprove = yes
        input.json = json
        input.maxChanges = maxChanges
        input.force = force
        input.strict = strict
        input.color = color
        let status = await ApplyApp.run(input)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `rehook runs`
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List apply runs and their status (.rehook/runs/).")

    func run() throws {
        let status = RunsApp.run()
        if status != 0 { throw ExitCode(status) }
    }
}
