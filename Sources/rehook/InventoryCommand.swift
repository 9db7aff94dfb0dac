import ArgumentParser
import RehookApp

extension InventoryApp.Format: ExpressibleByArgument {}

/// `rehook inventory`
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List the live webhooks across accounts.",
        discussion: "'--format json' writes the inventory file that 'rehook plan --inventory FILE' reads.")

    @OptionGroup var fleet: FleetArguments

    @Option(help: "Output as a readable 'table' or as 'json'.")
    var format: InventoryApp.Format = .table

    func run() async throws {
        let status = await InventoryApp.run(fleet: fleet.options, format: format)
        if status != 0 { throw ExitCode(status) }
    }
}
