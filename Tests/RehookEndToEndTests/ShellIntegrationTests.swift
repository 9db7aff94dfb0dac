import Foundation
import RehookModel
import Testing

/// Completions in a real bash, the manual page, the examples every `--help` ends with, and
/// configuration discovery with `rehook config`.
@Suite struct ShellIntegrationTests {
    static let fixture = Workspace.fleet([.heygen, .jogg], accounts: 2, webhooks: 1...1, seed: 71)

    /// Runs `script` in `bash --norc` in `directory`, with the rehook binary's folder first on PATH.
    static func bash(_ script: String, in directory: URL, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "--norc", "--noprofile", "-c", script]
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REHOOK_") }
        env.merge(environment) { $1 }
        env["PATH"] = RehookBinary.url.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// What the completion function offers for the command line `words` (the last one being completed).
    static func complete(_ words: [String], in workspace: Workspace, scriptPath: String) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let line = words.joined(separator: " ")
        let script = """
            source '\(scriptPath)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=\(line.count)
            _rehook rehook '\(words[words.count - 1])' '\(words[words.count - 2])'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try bash(script, in: workspace.directory, environment: workspace.environment)
        return result.output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Moves the workspace's rehook.toml to `path` (relative to the workspace) and returns where.
    static func moveConfiguration(of workspace: Workspace, to path: String) throws -> URL {
        let destination = workspace.directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: workspace.directory.appendingPathComponent("rehook.toml"), to: destination)
        return destination
    }

    @Test("rehook completions bash: registered with complete, completing commands, vendors, accounts, run ids and scripts")
    func bashCompletion() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let generated = try await workspace.rehook(["completions", "bash"])
            #expect(generated.status == 0)
            let scriptPath = try workspace.write(generated.stdout, to: "rehook.bash")
            let registered = try Self.bash("source '\(scriptPath)'; complete -p rehook", in: workspace.directory,
                                           environment: workspace.environment)
            #expect(registered.status == 0 && registered.output.contains("-F _rehook"), "\(registered.output)")

            #expect(try Self.complete(["rehook", "con"], in: workspace, scriptPath: scriptPath) == ["config"])
            #expect(try Self.complete(["rehook", "plan", "--vendor", "he"], in: workspace, scriptPath: scriptPath)
                    == ["heygen"])
            let accounts = try Self.complete(["rehook", "plan", "--account", ""], in: workspace, scriptPath: scriptPath)
            #expect(Set(accounts) == Set(workspace.sandbox?.accounts.map(\.name) ?? []) && accounts.count == 4, "\(accounts)")
            let joggAccounts = try Self.complete(["rehook", "inventory", "--vendor", "jogg", "--account", ""],
                                                 in: workspace, scriptPath: scriptPath)
            #expect(!joggAccounts.isEmpty && joggAccounts.allSatisfy { $0.hasPrefix("jogg-") }, "\(joggAccounts)")

            try workspace.write(ApplyResilienceTests.moveEverything, to: "move.rehook")
            try workspace.write("notes", to: "notes.txt")
            #expect(try Self.complete(["rehook", "plan", "mo"], in: workspace, scriptPath: scriptPath) == ["move.rehook"])
            #expect(try Self.complete(["rehook", "check", "no"], in: workspace, scriptPath: scriptPath).isEmpty)

            let applied = try await workspace.rehook(["apply", "move.rehook", "--yes"])
            #expect(applied.status == 0, "\(applied.allOutput)")
            let runID = try workspace.onlyRunID()
            #expect(try Self.complete(["rehook", "apply", "--resume", ""], in: workspace, scriptPath: scriptPath) == [runID])
        }
    }

    @Test("zsh and fish scripts are generated too; an unknown shell is a usage error")
    func otherShells() throws {
        let zsh = try RehookBinary.run(["completions", "zsh"])
        #expect(zsh.status == 0 && zsh.stdout.contains("#compdef rehook"))
        let fish = try RehookBinary.run(["completions", "fish"])
        #expect(fish.status == 0 && fish.stdout.contains("complete -c 'rehook'"))
        let tcsh = try RehookBinary.run(["completions", "tcsh"])
        #expect(tcsh.status == 64 && tcsh.stderr.contains("unknown shell 'tcsh'"))
    }

    @Test("each command's --help ends with examples; the top-level help says where accounts come from")
    func helpExamples() throws {
        for command in ["check", "plan", "apply", "runs", "repl", "inventory", "sandbox", "config", "completions", "manual"] {
            let help = try RehookBinary.run([command, "--help"])
            #expect(help.status == 0)
            let tail = help.stdout.components(separatedBy: "EXAMPLES:\n").last ?? ""
            let examples = tail.split(separator: "\n")
            #expect(help.stdout.contains("EXAMPLES:\n") && (2...3).contains(examples.count)
                    && examples.allSatisfy { $0.hasPrefix("  rehook ") || $0.hasPrefix("  REHOOK_") },
                    "\(command): \(help.stdout.suffix(300))")
        }
        let top = try RehookBinary.run(["--help"])
        #expect(top.status == 0)
        let flat = top.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Accounts come from a configuration file"))
        #expect(flat.contains("$REHOOK_CONFIG") && flat.contains("$XDG_CONFIG_HOME/rehook/config.toml"))
        for vendor in VendorID.allCases { #expect(flat.contains(vendor.defaultKeyVariable)) }
        let version = try RehookBinary.run(["--version"])
        #expect(version.stdout == "\(RehookVersion.current)\n")
    }

    @Test("rehook manual prints a roff page with every command, its options and examples")
    func manualPage() throws {
        let manual = try RehookBinary.run(["manual"])
        #expect(manual.status == 0)
        #expect(manual.stdout.hasPrefix(".TH REHOOK 1 "))
        for command in ["check", "plan", "apply", "runs", "repl", "inventory", "sandbox", "config", "completions"] {
            #expect(manual.stdout.contains(".SS rehook \(command)\n"), "\(command)")
        }
        #expect(manual.stdout.contains("--log-level") && manual.stdout.contains("rehook plan migration.rehook"))
        let requests: Set<String> = [".TH", ".SH", ".SS", ".PP", ".nf", ".fi", ".TP", ".B", ".I"]
        let stray = manual.stdout.split(separator: "\n").filter { line in
            line.hasPrefix(".") && !requests.contains(String(line.prefix { $0 != " " }))
        }
        #expect(stray.isEmpty, "help text read as roff requests: \(stray)")
    }

    @Test("REHOOK_CONFIG names the file a run uses and rehook config shows; never a key")
    func configFromTheVariable() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let moved = try Self.moveConfiguration(of: workspace, to: "elsewhere/fleet.toml")
            let environment = ["REHOOK_CONFIG": moved.path]
            let inventory = try await workspace.rehook(["inventory"], environment: environment)
            #expect(inventory.status == 0, "\(inventory.allOutput)")
            let config = try await workspace.rehook(["config"], environment: environment)
            #expect(config.status == 0, "\(config.allOutput)")
            #expect(config.stdout.contains("Configuration: \(moved.path) (from REHOOK_CONFIG)"))
            for account in workspace.sandbox?.accounts ?? [] {
                #expect(config.stdout.contains(account.name))
                #expect(!config.allOutput.contains(account.key), "a key in rehook config's output")
            }
            #expect(config.stdout.contains("environment variable") && config.stdout.contains("(set)"))
            #expect(config.stdout.contains("1000/s") && config.stdout.contains("User-Agent rehook/"))
            let narrowed = try await workspace.rehook(["config", "--vendor", "jogg", "--rate", "jogg=5/s"],
                                                      environment: environment)
            #expect(narrowed.status == 0 && !narrowed.stdout.contains("heygen-") && narrowed.stdout.contains("5/s"),
                    "\(narrowed.stdout)")
            let missing = try await workspace.rehook(["config"], environment: ["REHOOK_CONFIG": "/nonexistent/rehook.toml"])
            #expect(missing.status == 1 && missing.stderr.contains("REHOOK_CONFIG: no such configuration file"))
        }
    }

    @Test("with no ./rehook.toml, $XDG_CONFIG_HOME/rehook/config.toml is the configuration")
    func configFromXDG() async throws {
        try await Workspace.withSandbox(Self.fixture) { workspace in
            let file = try Self.moveConfiguration(of: workspace, to: "xdg/rehook/config.toml")
            let environment = ["XDG_CONFIG_HOME": workspace.directory.appendingPathComponent("xdg").path]
            let inventory = try await workspace.rehook(["inventory", "--format", "json"], environment: environment)
            #expect(inventory.status == 0, "\(inventory.allOutput)")
            for account in workspace.sandbox?.accounts ?? [] { #expect(inventory.stdout.contains(account.name)) }
            let config = try await workspace.rehook(["config"], environment: environment)
            #expect(config.stdout.contains("Configuration: \(file.path) (from the user configuration"), "\(config.stdout)")
        }
    }
}
