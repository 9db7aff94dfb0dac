import RehookModel
import RehookVendors

/// What `--help` and the manual page add to the command definitions: the examples each
/// command's help ends with, and the top-level text saying where accounts come from.
public enum CommandHelp {
    /// Two or three command lines per command, by command name (`""`: rehook itself).
    public static let examples: [String: [String]] = [
        "": ["rehook plan --sandbox examples/domain-move.rehook",
             "rehook config",
             "rehook completions bash > ~/.local/share/bash-completion/completions/rehook"],
        "check": ["rehook check migration.rehook",
                  "rehook check --format json scripts/*.rehook"],
        "plan": ["rehook plan migration.rehook",
                 "rehook plan migration.rehook --out plan.json --format markdown > plan.md",
                 "rehook plan --sandbox examples/domain-move.rehook --detailed-exitcode"],
        "apply": ["rehook apply plan.json",
                  "rehook apply --yes --json migration.rehook",
                  "rehook apply --resume <run-id>"],
        "runs": ["rehook runs",
                 "rehook apply .rehook/runs/<run-id>/rollback.json"],
        "repl": ["rehook repl --sandbox",
                 "rehook repl --vendor heygen < session.rehook"],
        "inventory": ["rehook inventory --vendor heygen",
                      "rehook inventory --format json > inventory.json"],
        "sandbox": ["rehook sandbox --port 9000",
                    "rehook sandbox --generate 3x10 --rate jogg=2/s"],
        "config": ["rehook config",
                   "REHOOK_CONFIG=~/work/rehook.toml rehook config --vendor heygen"],
        "completions": ["rehook completions bash > ~/.local/share/bash-completion/completions/rehook",
                        "rehook completions zsh > \"${fpath[1]}/_rehook\"",
                        "rehook completions fish > ~/.config/fish/completions/rehook.fish"],
        "manual": ["rehook manual | man -l -",
                   "rehook manual > /usr/local/share/man/man1/rehook.1"],
    ]

    /// The examples block `--help` ends with, or `""` for a command without examples.
    public static func examplesSection(for command: String) -> String {
        guard let lines = examples[command], !lines.isEmpty else { return "" }
        return "EXAMPLES:\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    /// The top-level discussion: where accounts come from.
    public static var accountsDiscussion: String {
        let variables = VendorID.allCases.map(\.defaultKeyVariable).joined(separator: ", ")
        return """
            Accounts come from a configuration file — --config PATH, else $\(ConfigurationLocation.variable), \
            else ./\(RehookConfiguration.defaultFileName), else $XDG_CONFIG_HOME/rehook/config.toml \
            (~/.config/rehook/config.toml) — declaring many accounts per vendor with their keys' sources \
            and rates; without one, each vendor whose key variable is set (\(variables)) is one account. \
            'rehook config' shows the file in effect and every account; --sandbox uses a demo fleet instead. \
            Proxies: HTTPS_PROXY, HTTP_PROXY, NO_PROXY; extra CAs: SSL_CERT_FILE; request log: --log-level.
            """
    }
}
