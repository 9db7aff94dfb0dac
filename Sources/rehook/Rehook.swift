import ArgumentParser
import RehookApp
import RehookModel

@main
struct Rehook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehook",
        abstract: "Migrate webhook configurations in bulk across vendor APIs.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, RunsCommand.self,
            REPLCommand.self, InventoryCommand.self, SandboxCommand.self,
        ])
}

extension ParsableArguments {
    /// Ends the command with `status`, as returned by the library's command (which has
    /// already printed any error).
    func finish(with status: Int32) throws {
        if status != ExitCodes.success { throw ExitCode(status) }
    }
}
