import RehookModel

/// A manual page (roff, section 1) made from the command definitions: each command's own help
/// text, its examples (`CommandHelp`), and the environment and files rehook reads.
public enum ManualPage {
    /// One command as the manual shows it.
    public struct Command: Sendable {
        public var name: String
        public var abstract: String
        /// The command's `--help` text.
        public var help: String

        public init(name: String, abstract: String, help: String) {
            self.name = name
            self.abstract = abstract
            self.help = help
        }
    }

    /// The page: `rehook` (its abstract and discussion) and every subcommand.
    public static func render(abstract: String, discussion: String, commands: [Command]) -> String {
        var page = [
            ".TH REHOOK 1 \"\" \"rehook \(RehookVersion.current)\" \"User Commands\"",
            ".SH NAME", "rehook \\- " + escape(abstract),
            ".SH SYNOPSIS", ".B rehook", ".I command", "[options]",
            ".SH DESCRIPTION", escape(discussion),
            ".SH COMMANDS",
        ]
        for command in commands {
            page += [".SS rehook \(command.name)", escape(command.abstract), ".PP", ".nf"]
            page += command.help.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
            page += [".fi"]
            page += examples(for: command.name)
        }
        page += [".SH EXAMPLES"] + examples(for: "")
        page += [".SH ENVIRONMENT", ".TP", ".B REHOOK_CONFIG", "The configuration file when --config is not given.",
                 ".TP", ".B REHOOK_STATE_DIR", "Where runs and the sandbox state live (default: .rehook).",
                 ".TP", ".B REHOOK_LOG_LEVEL", "The request log level when --log-level is not given.",
                 ".TP", ".B HTTPS_PROXY, HTTP_PROXY, NO_PROXY", "Proxies, and the hosts reached directly.",
                 ".TP", ".B SSL_CERT_FILE", "Extra trusted CA certificates (PEM).",
                 ".TP", ".B NO_COLOR", "No colour when set."]
        page += [".SH FILES", ".TP", ".I ./rehook.toml, $XDG_CONFIG_HOME/rehook/config.toml",
                 "The configuration: accounts, rates, network settings.",
                 ".TP", ".I .rehook/runs/<run-id>/", "Each apply's plan, journal and rollback plan."]
        page += [".SH EXIT STATUS",
                 "0 ok, 1 failure, 2 plan has changes (--detailed-exitcode), 3 partially applied, "
                     + "4 stale skipped, 64 usage, 65 script errors, 130 interrupted."]
        return page.joined(separator: "\n") + "\n"
    }

    private static func examples(for command: String) -> [String] {
        guard let lines = CommandHelp.examples[command], !lines.isEmpty else { return [] }
        return [".PP", "Examples:", ".nf"] + lines.map { "  " + escape($0) } + [".fi"]
    }

    /// Text safe in roff: backslashes escaped, a leading `.` or `'` made literal.
    static func escape(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\e")
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }
}
