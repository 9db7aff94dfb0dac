import Foundation
import RehookModel
import RehookSandbox

/// The in-process sandbox behind `--sandbox`: seeded with the demo fleet on first use, its
/// state kept in `.rehook/sandbox.json` so that successive commands see each other's effects.
public enum EmbeddedSandbox {
    /// Starts the sandbox from the saved state, or from the demo fleet when there is none.
    public static func start(in directory: StateDirectory) async throws -> RunningSandbox {
        let seed: SandboxSeed
        if FileManager.default.fileExists(atPath: directory.sandboxState.path) {
            do {
                seed = .fixture(try SandboxFixture.load(from: directory.sandboxState))
            } catch {
                throw CommandFailure("""
                    the sandbox state \(directory.sandboxState.path) cannot be read: \(error)
                    run 'rehook sandbox --reset' to start again from the demo fleet
                    """)
            }
        } else {
            seed = .fleet(.demo)
        }
        return try await Sandbox.start(SandboxOptions(seed: seed))
    }

    /// Saves the sandbox's current state for the next command (atomically).
    public static func persist(_ sandbox: RunningSandbox, in directory: StateDirectory) async throws {
        try directory.create()
        let data = await sandbox.state.export().encodedJSON()
        try data.write(to: directory.sandboxState, options: .atomic)
    }

    /// Forgets the saved state; the next `--sandbox` command starts from the demo fleet.
    /// Returns whether there was a state to forget.
    @discardableResult
    public static func reset(in directory: StateDirectory) throws -> Bool {
        guard FileManager.default.fileExists(atPath: directory.sandboxState.path) else { return false }
        try FileManager.default.removeItem(at: directory.sandboxState)
        return true
    }
}
