import ArgumentParser
import Foundation
import RehookApp
import RehookModel

@main
struct Rehook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehook",
        abstract: "Migrate webhook configurations in bulk across vendor APIs.",
        discussion: CommandHelp.accountsDiscussion,
        version: RehookVersion.current,
        subcommands: [
            CheckCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, RunsCommand.self,
            REPLCommand.self, InventoryCommand.self, SandboxCommand.self, ConfigCommand.self,
            CompletionsCommand.self, ManualCommand.self,
        ])

    /// ArgumentParser's `main`, with each command's examples at the end of its help.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            var message = fullMessage(for: error)
            let code = exitCode(for: error)
            if code == .success, let name = helpedCommand(message) {
                while message.hasSuffix("\n") { message.removeLast() }
                message += "\n\n" + CommandHelp.examplesSection(for: name)
            }
            if !message.isEmpty {
                if code == .success {
                    Console.out(message)
                } else {
                    Console.error(message)
                }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// The command a help text describes, from its usage line (`""`: rehook itself); `nil`
    /// when the text is no help text (`--version`).
    private static func helpedCommand(_ text: String) -> String? {
        guard let usage = text.split(separator: "\n").first(where: { $0.hasPrefix("USAGE: rehook") }) else { return nil }
        let word = usage.dropFirst("USAGE: rehook".count).split(separator: " ").first.map(String.init) ?? ""
        return configuration.subcommands.contains { $0._commandName == word } ? word : ""
    }
}

extension ParsableArguments {
    /// Ends the command with `status`, as returned by the library's command (which has
    /// already printed any error).
    func finish(with status: Int32) throws {
        if status != ExitCodes.success { throw ExitCode(status) }
    }
}
