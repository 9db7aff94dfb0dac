import RehookModel

/// The one place a command's errors become a message on standard error and an exit code.
/// Every command body runs inside `run`; none has a catch block of its own.
public enum CommandRunner {
    /// Runs `body` and returns its exit code; when it throws, prints the error once
    /// (`error: …`, the label coloured as `outputPolicy` decides for standard error) and
    /// returns the code the error maps to: a `CommandFailure`'s own, otherwise failure.
    public static func run(outputPolicy: OutputPolicy = OutputPolicy(),
                           _ body: () async throws -> Int32) async -> Int32 {
        do {
            return try await body()
        } catch {
            return report(error, outputPolicy: outputPolicy)
        }
    }

    /// Keeps `value` — a large plan, its listings, a run's outcomes — until the process exits,
    /// instead of freeing it object by object when the command returns: after an apply of
    /// 10,000 changes that took 0.2–0.3 s, after the summary was already printed. The exit
    /// reclaims the memory at once.
    public static func keepUntilExit(_ value: some Sendable) {
        keptUntilExit.withLock { $0.append(value) }
    }

    private static let keptUntilExit = Locked<[any Sendable]>([])

    /// Prints `error` on standard error and returns its exit code.
    @discardableResult
    public static func report(_ error: any Error, outputPolicy: OutputPolicy = OutputPolicy()) -> Int32 {
        let failure = error as? CommandFailure ?? CommandFailure("\(error)")
        let label = outputPolicy.colors(.error) ? ANSIStyle.wrap("error:", codes: "1;31") : "error:"
        Console.error("\(label) \(failure.message)")
        return failure.exitCode
    }
}

extension CommandRunner {
    /// `run` for a command that does not wait on anything.
    public static func runSync(outputPolicy: OutputPolicy = OutputPolicy(), _ body: () throws -> Int32) -> Int32 {
        do {
            return try body()
        } catch {
            return report(error, outputPolicy: outputPolicy)
        }
    }
}
