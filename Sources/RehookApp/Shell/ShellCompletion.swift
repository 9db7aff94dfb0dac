import Foundation
import RehookExecution
import RehookModel
import RehookVendors

/// The dynamic part of the shell completions (`rehook completions bash|zsh|fish`): what the
/// generated script asks the binary for while the user presses Tab. Never fails: a broken
/// configuration completes nothing.
public enum ShellCompletion {
    /// The account names of the configuration the command line being completed would use
    /// (its `--config`, else the usual discovery), of its `--vendor`s when given.
    public static func accountNames(words: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String] {
        let vendors = Set(values(of: "--vendor", in: words).compactMap(VendorID.init(rawValue:)))
        return configuredAccounts(words: words, environment: environment)
            .filter { vendors.isEmpty || vendors.contains($0.vendor) }.map(\.name)
    }

    /// `VENDOR=` and `ACCOUNT=` for `--rate`, `--write-rate` and `--concurrency`.
    public static func overrideTargets(words: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String] {
        (VendorID.allCases.map(\.rawValue) + configuredAccounts(words: words, environment: environment).map(\.name))
            .map { $0 + "=" }
    }

    /// The ids of the runs in the state folder, newest first (`apply --resume`).
    public static func runIDs(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        RunStore(stateDirectory: StateDirectory(environment: environment).url).listRuns().map(\.id).reversed()
    }

    private static func configuredAccounts(words: [String], environment: [String: String]) -> [Account] {
        let configuration = try? RehookConfiguration.load(explicitPath: values(of: "--config", in: words).last,
                                                          environment: environment)
        return configuration?.accounts ?? []
    }

    /// The values given to `option` in `words` (`--option VALUE` and `--option=VALUE`).
    static func values(of option: String, in words: [String]) -> [String] {
        var found: [String] = []
        for (index, word) in words.enumerated() {
            if word == option, index + 1 < words.count, !words[index + 1].isEmpty {
                found.append(words[index + 1])
            } else if word.hasPrefix(option + "=") {
                found.append(String(word.dropFirst(option.count + 1)))
            }
        }
        return found
    }
}
