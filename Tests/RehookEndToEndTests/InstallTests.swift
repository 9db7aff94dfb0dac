import Foundation
import RehookModel
import Testing

/// `scripts/install` as CI runs it: a release build in a scratch folder of its own (so that it
/// does not wait for the lock of the `swift test` running it), installed into a temporary prefix,
/// where the installed `rehook --version` runs and the completions and manual page are in place.
@Suite struct InstallTests {
    /// The package root: three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("scripts/install --prefix DIR installs a rehook that runs, with its completions and manual page")
    func installIntoATemporaryPrefix() async throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-prefix-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let process = Process()
        // At the lowest CPU priority: the release build runs beside the rest of the suite, whose
        // end-to-end tests race a sandbox's latency and must not be starved of CPU by it.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = ["-n", "19", Self.packageRoot.appendingPathComponent("scripts/install").path, "--prefix", prefix.path,
                             "--scratch-path", Self.packageRoot.appendingPathComponent(".build-install").path]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("rehook-install-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        // Waited for on a thread of its own: the build takes minutes, and a test blocking one of
        // the two cooperative threads that long starved the suite's latency races
        // (VendorNotFoundTests failed in every full run while it did).
        try await onOwnThread {
            try process.run()
            process.waitUntilExit()
        }
        let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(said.suffix(2000))")

        let installed = prefix.appendingPathComponent("bin/rehook")
        let version = Process()
        version.executableURL = installed
        version.arguments = ["--version"]
        let pipe = Pipe()
        version.standardOutput = pipe
        try version.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        version.waitUntilExit()
        #expect(version.terminationStatus == 0 && printed == "\(RehookVersion.current)\n")

        for (file, expected) in [("share/man/man1/rehook.1", ".TH REHOOK 1"),
                                 ("share/bash-completion/completions/rehook", "complete -o filenames -F _rehook rehook"),
                                 ("share/zsh/site-functions/_rehook", "#compdef rehook"),
                                 ("share/fish/vendor_completions.d/rehook.fish", "complete -c 'rehook'")] {
            let text = (try? String(contentsOf: prefix.appendingPathComponent(file), encoding: .utf8)) ?? ""
            #expect(text.contains(expected), "\(file)")
        }
        #expect(said.contains("Installed rehook \(RehookVersion.current) as \(installed.path)"))
    }
}
