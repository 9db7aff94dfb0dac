import ArgumentParser
import RehookApp

@main
struct Rehook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehook",
        abstract: "Migrate webhook configurations in bulk across vendor APIs.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, PlanCommand.self, ApplyCommand.self, RunsCommand.self,
            REPLCommand.self, InventoryCommand.self, SandboxCommand.self, BenchPlanCommand.self,
        ])
}
