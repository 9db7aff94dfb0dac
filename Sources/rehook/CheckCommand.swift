import ArgumentParser
import Foundation
import RehookApp

extension CheckOutputFormat: ExpressibleByArgument {}

/// `rehook check FILE...`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rehook scripts for errors without contacting any vendor.",
        discussion: "Exit status: 0 no errors (warnings allowed), 65 script errors, 1 a file could not be read, 64 usage.")

    @Argument(help: "The scripts to check (.rehook files).")
    var files: [String]

    @Option(help: "Diagnostics as 'text' (stderr) or 'json' (stdout).")
    var format: CheckOutputFormat = .text

    func run() throws {
        let colored = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let status = CheckScripts.run(paths: files, format: format, colored: colored)
        if status != 0 { throw ExitCode(status) }
    }
}
