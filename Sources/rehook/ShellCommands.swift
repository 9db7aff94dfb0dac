import ArgumentParser
import RehookApp

/// `rehook config`
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the configuration file in effect, the network settings and every account (never a key).",
        discussion: """
            The file is --config, else $REHOOK_CONFIG, else ./rehook.toml, else \
            $XDG_CONFIG_HOME/rehook/config.toml; with none, each vendor whose key variable is set is one account. \
            --vendor, --account and the rate overrides narrow and adjust what is shown as they would a run.
            """)

    @OptionGroup var arguments: ConfigArguments

    func run() async throws {
        try finish(with: await ConfigApp.run(arguments))
    }
}

/// `rehook completions bash|zsh|fish`
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            Completes commands, options, vendors, the account names of the configuration in effect, \
            run ids for --resume, and script and plan files.
            """)

    @Argument(help: "The shell: bash, zsh or fish.", completion: .list(CompletionShell.allCases.map(\.rawValue)))
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("unknown shell '\(shell)': use bash, zsh or fish")
        }
    }

    func run() throws {
        guard let shell = CompletionShell(rawValue: shell) else { return }
        Console.out(Rehook.completionScript(for: shell))
    }
}

/// `rehook manual`
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print rehook's manual page (roff), made from the command definitions.")

    func run() throws {
        let commands = Rehook.configuration.subcommands.map { command in
            ManualPage.Command(name: command._commandName, abstract: command.configuration.abstract,
                               help: Rehook.helpMessage(for: command, columns: 80))
        }
        Console.out(ManualPage.render(abstract: Rehook.configuration.abstract, discussion: Rehook.configuration.discussion,
                                      commands: commands))
    }
}
