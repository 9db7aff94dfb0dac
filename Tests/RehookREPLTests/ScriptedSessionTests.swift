import Foundation
import RehookModel
import Testing
@testable import RehookREPL

/// The REPL over non-terminal input: no prompts, no escape codes, answers read from the next line.
@Suite struct ScriptedSessionTests {
    @Test func statementsAccumulateWithoutPromptsOrEscapeCodes() async {
        let (status, output) = await runScripted([
            "let new_host = \"hooks.acme.dev\"",
            "for vendor jogg where url starts with \"https://old.acme.com\" set url with_host(url, new_host)",
            ":show",
        ])
        #expect(status == 0)
        #expect(output == """
            let new_host = "hooks.acme.dev"
            for vendor jogg where url starts with "https://old.acme.com" set url with_host(url, new_host)

            """)
        #expect(!output.contains("\u{1B}"))
        #expect(!output.contains("rehook>"))
    }

    @Test func anErrorShowsACaretUnderTheTypedLineAndIsNotAdded() async {
        let (status, output) = await runScripted([
            "for vendor jogg set enabled true",
            "for vendor hegyen set url \"https://hooks.acme.dev\"",
            ":show",
        ])
        #expect(status == 65)
        #expect(output.contains("<input>:1:12: error: unknown vendor 'hegyen'; did you mean 'heygen'?"))
        #expect(output.contains(" 1 | for vendor hegyen set url \"https://hooks.acme.dev\"\n   |            ^~~~~~\n"))
        #expect(output.contains("(not added to the session)"))
        #expect(output.hasSuffix("for vendor jogg set enabled true\n"))
        #expect(!output.contains("\u{1B}"))
    }

    @Test func aBlockContinuesUntilItsBraceClosesAndLineNumbersAreRelativeToIt() async {
        let (status, output) = await runScripted([
            "for vendor talkover where enabled {",
            "  set timeout 45",
            "  set max_retries 50",
            "}",
            "for vendor talkover {",
            "  set timeout 45 # a brace in a comment does not count: }",
            "  set name \"closing } in a string\"",
            "}",
            ":show",
        ])
        #expect(status == 65)
        #expect(output.contains("<input>:3:19: error: Talkover 'max_retries' must be between 0 and 10, got 50"))
        #expect(output.contains(" 3 |   set max_retries 50\n   |                   ^~\n"))
        #expect(output.hasSuffix("""
            for vendor talkover {
              set timeout 45 # a brace in a comment does not count: }
              set name "closing } in a string"
            }

            """))
    }

    @Test func aTrailingBackslashJoinsLines() async {
        let (status, output) = await runScripted([
            "for vendor heygen \\",
            "  where url contains \"old\" \\",
            "  set url \"https://hooks.acme.dev/h\"",
            ":show",
        ])
        #expect(status == 0)
        #expect(output == "for vendor heygen    where url contains \"old\"    set url \"https://hooks.acme.dev/h\"\n")
    }

    @Test func theContinuationPromptShowsWhileABlockIsOpen() async {
        let input = ScriptedLineInput(["for vendor jogg {", "  enable", "}", ":quit"], interactive: true)
        let buffer = OutputBuffer()
        let status = await REPL(backend: FakeBackend(), input: input, output: buffer.output).run()
        #expect(status == 0)
        #expect(input.prompts == ["rehook> ", "   ...> ", "   ...> ", "rehook> "])
        #expect(input.history == ["for vendor jogg {", "  enable", "}", ":quit"])
    }

    @Test func unfinishedInputAtTheEndIsReported() async {
        let (status, output) = await runScripted(["for vendor jogg {", "  enable"])
        #expect(status == 65)
        #expect(output.contains("the input ended inside an unfinished statement"))
    }

    @Test func planShowsTheBackendsDiffOfTheSessionScript() async {
        let backend = FakeBackend()
        let (status, output) = await runScripted([
            ":plan",
            "for vendor jogg, heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")",
            ":plan",
        ], backend: backend)
        #expect(status == 0)
        #expect(output.contains("the session has no statements yet"))
        #expect(output.contains("~ jogg/main/wh_1\n    url: \"https://old.acme.com/a\" -> \"https://hooks.acme.dev/a\""))
        #expect(output.hasSuffix("Plan: 2 to change.\n"))
        #expect(backend.recorded.plannedScripts == ["for vendor jogg, heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")\n"])
    }

    @Test(arguments: [("yes", 1), ("no", 0), ("YES please", 0)])
    func applyAsksForYesOnTheNextLine(answer: String, applied: Int) async {
        let backend = FakeBackend()
        let (_, output) = await runScripted([
            "for vendor jogg, heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")",
            ":apply",
            answer,
        ], backend: backend)
        #expect(output.contains("Apply 2 changes? Type 'yes' to apply: \n"))
        #expect(backend.recorded.appliedPlans.count == applied)
        #expect(output.hasSuffix(applied == 1 ? "applied 2 changes\n" : "not applied\n"))
    }

    @Test func aPlanWithReviewErrorsIsNotApplied() async {
        var planned = FakeBackend.samplePlan(FakeBackend.sampleInventory)
        planned.plan.review = RecordedReview(policy: RecordedPolicy(strict: true), errors: 2, warnings: 0)
        let backend = FakeBackend(plan: planned)
        let (_, output) = await runScripted([
            "for vendor jogg, heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")",
            ":apply",
            "yes",
        ], backend: backend)
        #expect(output.contains("the plan has review errors under the [policy] of rehook.toml; nothing applied"))
        #expect(backend.recorded.appliedPlans.isEmpty)
    }

    @Test func reviewAppliesOnlyTheAcceptedChangesAndGoesBack() async {
        let backend = FakeBackend()
        let (status, output) = await runScripted([
            "for vendor jogg, heygen set url replace(url, \"old.acme.com\", \"hooks.acme.dev\")",
            ":review",
            "maybe", "b", "n", "b", "y", "n", "yes",
        ], backend: backend)
        #expect(status == 0)
        // Each change is shown with the backend's rendering of it (the plan diff's block).
        #expect(output.components(separatedBy: "(1/2) ~ jogg/main/wh_1\n").count == 5, "\(output)")
        #expect(output.contains("(2/2) ~ heygen/prod/ep_1\n"))
        #expect(output.contains("y - apply this change"))
        #expect(output.contains("this is the first change"))
        #expect(output.contains("selected 1 of 2 changes"))
        let applied = backend.recorded.appliedPlans
        #expect(applied.count == 1)
        #expect(applied.first?.changes.map(\.key.description) == ["jogg/main/wh_1"])
    }

    @Test func inventoryListsAndFiltersWithALanguageCondition() async {
        let (status, output) = await runScripted([
            "let legacy = \"https://old.acme.com\"",
            ":inventory where url starts with legacy",
            ":inventory talkover",
        ])
        #expect(status == 0)
        let tables = output.components(separatedBy: "VENDOR ")
        #expect(tables.count == 3)
        #expect(tables[1].contains("jogg") && tables[1].contains("heygen") && !tables[1].contains("talkover"))
        #expect(tables[1].hasSuffix("2 webhooks\n"))
        #expect(tables[2].contains("hook_7") && tables[2].hasSuffix("1 webhook\n"))
    }

    @Test func anInventoryConditionErrorPointsIntoTheTypedLine() async {
        let (status, output) = await runScripted([":inventory jogg where timeout > 3"])
        #expect(status == 1)
        #expect(output.contains("<input>:1:23: error: JoggAI webhooks have no field 'timeout'"))
        #expect(output.contains(" 1 | :inventory jogg where timeout > 3\n   |                       ^~~~~~~\n"))
    }

    @Test func anUnknownCommandSuggestsTheClosestOne() async {
        let (status, output) = await runScripted([":invetory", ":fields heygn"])
        #expect(status == 1)
        #expect(output.contains("error: unknown command ':invetory'; did you mean ':inventory'?"))
        #expect(output.contains("error: unknown vendor 'heygn'; did you mean 'heygen'?"))
    }

    @Test func helpListsEveryCommandInAlignedColumns() async {
        let (status, output) = await runScripted([":help"])
        #expect(status == 0)
        for entry in MetaCommand.catalogue { #expect(output.contains("\n  :\(entry.name)"), "\(entry.name)") }
        #expect(output.contains("\n  :inventory [VENDOR] [where CONDITION]   the cached live webhooks"))
        let lines = output.split(separator: "\n")
        let summaryColumns = MetaCommand.catalogue.compactMap { entry -> Int? in
            guard let line = lines.first(where: { $0.hasPrefix("  :\(entry.name) ") }),
                  let summary = line.range(of: entry.summary) else { return nil }
            return line.distance(from: line.startIndex, to: summary.lowerBound)
        }
        #expect(summaryColumns.count == MetaCommand.catalogue.count)
        #expect(Set(summaryColumns).count == 1, "every summary starts in the same column")
    }

    @Test func fieldsAndEventsDescribeAVendor() async {
        let (_, output) = await runScripted([":fields talkover", ":events heygen", ":events argil"])
        #expect(output.contains("timeout"))
        #expect(output.range(of: #"timeout\s+integer\s+yes\s+yes\s+5–120"#, options: .regularExpression) != nil)
        #expect(output.range(of: #"secret\s+secret .*\s+no\s+yes"#, options: .regularExpression) != nil)
        #expect(output.contains("avatar_video.fail\navatar_video.success\n"))
        #expect(output.contains("AVATAR_TRAINING_FAILED\n"))
    }

    @Test func accountsVendorsAndRefreshAskTheBackend() async {
        let backend = FakeBackend()
        let (status, output) = await runScripted([":accounts", ":vendors", ":refresh", ":quit", ":show"], backend: backend)
        #expect(status == 0)
        #expect(output.contains("talkover  ops\n"))
        #expect(output.contains("argil     Argil     0 accounts\n"))
        #expect(output.contains("jogg      JoggAI    1 account\n"))
        #expect(output.contains("read 3 webhooks from 3 accounts\n"))
        #expect(backend.recorded.refreshes == 1)
        #expect(!output.contains("(the session is empty)"), ":quit stops reading")
    }

    @Test func ctrlCCancelsARunningPlanAndTheSessionGoesOn() async {
        let interrupts = Interrupts()
        let backend = FakeBackend(onPlanStart: { interrupts.deliver() })
        let (status, output) = await runScripted([
            "for vendor jogg set enabled false",
            ":plan",
            ":show",
        ], backend: backend, interrupts: interrupts)
        #expect(status == 130)
        #expect(output == "planning interrupted\nfor vendor jogg set enabled false\n")
    }

    @Test func ctrlCDuringApplyPrintsWhatWasLeftAndHowToResume() async {
        let interrupts = Interrupts()
        let backend = FakeBackend(onApplyStart: { interrupts.deliver() })
        let (status, output) = await runScripted([
            "for vendor jogg, heygen where url starts with \"https://old.acme.com\" set url \"https://hooks.acme.dev/x\"",
            ":apply",
            "yes",
        ], backend: backend, interrupts: interrupts)
        #expect(status == 130)
        #expect(output.contains("applying interrupted\ninterrupted: 2 of 2 changes not finished\n"), "\(output)")
        #expect(output.contains("rollback plan in .rehook/runs/RUN-1"), "\(output)")
        #expect(output.hasSuffix("Resume with: rehook apply --resume RUN-1\n"), "\(output)")
    }
}
