import Foundation
import Testing
@testable import RehookREPL

@Suite struct SessionTests {
    @Test func statementsAreAddedOneByOneAndUndoForgetsTheirNames() {
        var session = REPLSession()
        #expect(session.add(session.check("let slow = 30\nlet fast = 5", path: "<input>")) == 2)
        #expect(session.variableNames == ["fast", "slow"])
        let rule = session.check("for vendor talkover where timeout > slow set timeout fast", path: "<input>")
        #expect(rule.diagnostics.isEmpty)
        session.add(rule)
        #expect(session.undo() == "for vendor talkover where timeout > slow set timeout fast")
        #expect(session.undo() == "let fast = 5")
        #expect(session.variableNames == ["slow"])
        #expect(!session.check("let fast = 6", path: "<input>").hasErrors)
        #expect(session.check("let slow = 6", path: "<input>").hasErrors)
    }

    @Test func aScriptWithErrorsAddsNothing() {
        var session = REPLSession()
        let checked = session.check("let a = 1\nfor vendor argil enable", path: "<input>")
        #expect(checked.hasErrors)
        #expect(session.add(checked) == 0)
        #expect(session.statements.isEmpty)
    }

    @Test func theNeverUsedWarningIsNotShownForATypedLet() {
        let checked = REPLSession().check("let unused = 1", path: "<input>")
        #expect(checked.diagnostics.count == 1)
        #expect(REPLSession.shown(checked.diagnostics).isEmpty)
    }

    @Test func saveThenLoadRoundTrips() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("session.rehook").path
        let lines = ["let legacy = \"https://old.acme.com\"", "for vendor jogg {", "  disable", "}",
                     ":save \(path)", ":clear", ":show", ":load \(path)", ":undo", ":show"]
        let (status, output) = await runScripted(lines)
        #expect(status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8)
            == "let legacy = \"https://old.acme.com\"\nfor vendor jogg {\n  disable\n}\n")
        #expect(output == """
            saved 2 statements to \(path)
            cleared 2 statements
            (the session is empty)
            loaded 2 statements from \(path)
            removed: for vendor jogg {
              disable
            }
            let legacy = "https://old.acme.com"

            """)
    }

    @Test func loadingAFileWithErrorsShowsCaretsAndLoadsNothing() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("broken.rehook").path
        try Data("let host = \"hooks.acme.dev\"\nfor vendor argil set timeout 30\n".utf8).write(to: URL(fileURLWithPath: path))
        let (status, output) = await runScripted([":load \(path)", ":show", ":load \(path).missing"])
        #expect(status == 65)
        #expect(output.contains("\(path):2:22: error: Argil cannot set 'timeout'"))
        #expect(output.contains(" 2 | for vendor argil set timeout 30\n"))
        #expect(output.contains("\(path) has errors; nothing was loaded\n(the session is empty)\n"))
        #expect(output.hasSuffix("error: cannot read \(path).missing\n"))
    }
}
