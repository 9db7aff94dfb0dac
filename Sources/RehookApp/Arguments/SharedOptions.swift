import ArgumentParser
import RehookModel
import RehookOutput

extension VendorID: ExpressibleByArgument {}
extension ColorMode.Preference: ExpressibleByArgument {}

/// `--color`, for every command that prints: turned into the run's `OutputPolicy`.
public struct OutputOptions: ParsableArguments {
    @Option(help: "Colour: auto, always or never (with auto, NO_COLOR set to anything or TERM=dumb means none).")
    public var color: ColorMode.Preference = .auto

    public init() {}

    /// The output policy for a run in `environment`.
    public func policy(environment: [String: String]) -> OutputPolicy {
        OutputPolicy(preference: color, environment: environment)
    }
}

/// `--strict` and `--max-changes`: how a plan is reviewed (`plan`, and `apply` of a script).
public struct ReviewOptions: ParsableArguments {
    @Flag(help: "Treat review warnings (plain http, private hosts, dropped events, ...) as errors.")
    public var strict = false

    @Option(help: "Refuse a plan that changes more than this many webhooks (blast-radius guard).")
    public var maxChanges: Int?

    public init() {}

    public func validate() throws {
        if let maxChanges, maxChanges < 0 { throw ValidationError("--max-changes must be 0 or more") }
    }
}

/// `--format` and `--summary`, for the commands that render a plan (`plan`, `show`).
public struct PlanFormatOptions: ParsableArguments {
    @Option(help: "Output as 'human', 'json' or 'markdown'.")
    public var format: PlanOutputFormat = .human

    @Flag(help: "With --format markdown: only the counts, the digest and the number of findings.")
    public var summary = false

    public init() {}

    public func validate() throws {
        if summary && format != .markdown { throw ValidationError("--summary goes with --format markdown") }
    }

    /// Renders `plan` in this format, coloured as `colorMode` says (human only).
    public func render(_ plan: Plan, colorMode: ColorMode) -> String {
        format.render(plan, options: RenderOptions(colorMode: colorMode, summaryOnly: summary))
    }
}
