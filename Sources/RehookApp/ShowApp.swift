import ArgumentParser
import Foundation
import RehookModel
import RehookOutput

/// The `rehook show` arguments, parsed by the command line and handed over whole.
public struct ShowArguments: ParsableArguments {
    @Argument(help: "A plan file saved with 'plan --out'.")
    public var plan: String

    @OptionGroup public var rendering: PlanFormatOptions

    @OptionGroup public var output: OutputOptions

    /// Variables for colour; not an option.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    private enum CodingKeys: String, CodingKey { case plan, rendering, output }

    public init() {}
}

/// `rehook show PLAN.json`: a saved plan rendered as `plan` rendered it, with no vendor call and
/// no credentials.
public enum ShowApp {
    public static func run(_ arguments: ShowArguments) -> Int32 {
        let policy = arguments.output.policy(environment: arguments.environment)
        return CommandRunner.runSync(outputPolicy: policy) {
            let saved = try SavedPlan.open(arguments.plan)
            // A plan made before digests existed is shown with the digest of its content.
            var plan = try saved.plan.load()
            plan.digest = try saved.digest()
            Console.out(arguments.rendering.render(plan, colorMode: policy.colorMode(for: .output)))
            return ExitCodes.success
        }
    }
}
