import ArgumentParser
import RehookApp
import RehookPlanning

extension PlanOutputFormat: ExpressibleByArgument {}
extension ColorMode.Preference: ExpressibleByArgument {}

/// `rehook plan SCRIPT`
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a script would change, without changing anything.",
        discussion: """
            Exit status: 0 success (with --detailed-exitcode: no changes), 2 changes present \
            (with --detailed-exitcode), 1 error, 65 script errors, 64 usage.
            """)

    @Argument(help: "The script (.rehook file).")
    var script: String

    @OptionGroup var fleet: FleetArguments

    @Option(help: "Plan against a saved inventory ('rehook inventory --format json') instead of the live vendors.")
    var inventory: String?

    @Option(help: "Output as 'human', 'json' or 'markdown'.")
    var format: PlanOutputFormat = .human

    @Option(help: "Also save the plan (JSON) to this file, for 'rehook apply FILE'.")
    var out: String?

    @Flag(help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitcode = false

    @Flag(help: "Treat review warnings (plain http, private hosts, dropped events, ...) as errors.")
    var strict = false

    @Option(help: "Refuse a plan that changes more than this many webhooks (blast-radius guard).")
    var maxChanges: Int?

    @Option(help: "Colour: auto, always or never (NO_COLOR is honoured).")
    var color: ColorMode.Preference = .auto

    func validate() throws {
        if inventory != nil && fleet.sandbox { throw ValidationError("--inventory and --sandbox exclude each other") }
        if let maxChanges, maxChanges < 0 { throw ValidationError("--max-changes must be 0 or more") }
    }

    func run() async throws {
        var input = PlanCommandInput(scriptPath: script)
        input.fleet = fleet.options
        input.inventoryPath = inventory
        input.format = format
        input.outPath = out
        input.detailedExitCode = detailedExitcode
        input.strict = strict
        input.maxChanges = maxChanges
        input.color = color
        let status = await PlanApp.run(input)
        if status != 0 { throw ExitCode(status) }
    }
}
