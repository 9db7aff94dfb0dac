import ArgumentParser
import RehookApp

/// `rehook inventory`
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List the live webhooks across accounts.",
        discussion: "'--format json' writes the inventory file that 'rehook plan --inventory FILE' reads.")

    @OptionGroup var arguments: InventoryArguments

    func run() async throws {
        try finish(with: await InventoryApp.run(arguments))
    }
}
