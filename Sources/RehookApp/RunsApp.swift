import ArgumentParser
import Foundation
import RehookExecution
import RehookModel

/// The `rehook runs` arguments.
public struct RunsArguments: ParsableArguments {
    @Flag(help: "Write the runs as one JSON document (docs/schemas/runs.schema.json) instead of a table.")
    public var json = false

    public init() {}
}

/// `rehook runs`: the apply runs in `.rehook/runs/` with their status.
public enum RunsApp {
    public static func run(_ arguments: RunsArguments = RunsArguments(),
                           stateDirectory: StateDirectory = StateDirectory()) -> Int32 {
        let runs = RunStore(stateDirectory: stateDirectory.url).listRuns()
        if arguments.json {
            Console.out(RunListRenderer.json(runs))
            return ExitCodes.success
        }
        guard !runs.isEmpty else {
            Console.out("No runs in \(stateDirectory.runs.path).")
            return ExitCodes.success
        }
        for line in RunListRenderer.table(runs) { Console.out(line) }
        if let unfinished = runs.last(where: { !$0.isComplete && $0.problem == nil }) {
            Console.out("\nResume an unfinished run with: rehook apply --resume \(unfinished.id)")
        }
        return ExitCodes.success
    }
}
