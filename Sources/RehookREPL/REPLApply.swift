import RehookLanguage
import RehookModel

extension REPL {
    /// Plans the session script through the backend; nil (after saying why) when there is
    /// nothing to plan, the script has errors, or planning failed or was interrupted.
    func planSession() async -> REPLPlan? {
        guard !session.statements.isEmpty else {
            output.write("the session has no statements yet; type a rule or :load a script\n")
            return nil
        }
        let checked = session.checkedScript()
        guard !checked.hasErrors else {
            diagnostics.write(renderer.render(checked.diagnostics, in: checked.source))
            fail(ExitCodes.scriptErrors)
            return nil
        }
        guard let planned = await backendCall("planning", { [backend] in try await backend.plan(checked) }) else {
            return nil
        }
        lastPlannedSource = checked.source
        return planned
    }

    /// Prints the diff and any plan-time diagnostics (with carets into the session script).
    func showPlan(_ planned: REPLPlan) {
        output.write(planned.rendered.hasSuffix("\n") || planned.rendered.isEmpty ? planned.rendered : planned.rendered + "\n")
        if let source = lastPlannedSource, !planned.diagnostics.isEmpty {
            diagnostics.write(renderer.render(planned.diagnostics, in: source))
        }
        if planned.diagnostics.hasErrors { fail(ExitCodes.failure) }
    }

    /// `:apply`: plan, show the diff, apply after the user types `yes`.
    func applySession() async {
        guard let planned = await planSession() else { return }
        showPlan(planned)
        guard let plan = applicable(planned) else { return }
        await confirmAndApply(plan, question: "Apply \(Self.count(plan.changes.count, "change"))? Type 'yes' to apply: ")
    }

    /// `:review`: plan, then ask about each webhook's change; apply the accepted ones after
    /// the user types `yes`.
    func reviewSession() async {
        guard let planned = await planSession() else { return }
        if let source = lastPlannedSource, !planned.diagnostics.isEmpty {
            diagnostics.write(renderer.render(planned.diagnostics, in: source))
        }
        guard let plan = applicable(planned) else { return }
        var review = PlanReview(plan: plan)
        while !review.isFinished {
            output.write("\n(\(review.position + 1)/\(plan.changes.count)) " + planned.renderedChanges[review.position])
            let question = "Apply this change [y,n,a,q,b,?]? "
            if !input.isInteractive { output.write(question + "\n") }
            guard case .line(let typed) = await input.readKey(prompt: question) else {
                output.write("review abandoned; nothing applied\n")
                return
            }
            guard let answer = ReviewAnswer(typed) else {
                output.write(Self.reviewHelp)
                continue
            }
            if !review.answer(answer) { output.write("this is the first change\n") }
        }
        guard !review.accepted.isEmpty else {
            output.write("no changes selected; nothing applied\n")
            return
        }
        output.write("selected \(review.accepted.count) of \(Self.count(plan.changes.count, "change"))\n")
        await confirmAndApply(review.acceptedPlan,
                              question: "Apply the \(Self.count(review.accepted.count, "selected change"))? Type 'yes' to apply: ")
    }

    static let reviewHelp = """
        y - apply this change
        n - skip this change
        a - apply this change and every remaining one
        q - skip this change and every remaining one
        b - back to the previous change

        """

    /// The plan, when it has changes and no errors; otherwise nil after saying why.
    private func applicable(_ planned: REPLPlan) -> Plan? {
        if planned.diagnostics.hasErrors {
            diagnostics.write("the plan has errors; nothing applied\n")
            return nil
        }
        if planned.plan.changes.isEmpty {
            output.write("no changes to apply\n")
            return nil
        }
        if let review = planned.plan.review, review.errors > 0 {
            output.write("the plan has review errors under the [policy] of rehook.toml; nothing applied\n")
            return nil
        }
        return planned.plan
    }

    private func confirmAndApply(_ plan: Plan, question: String) async {
        guard let answer = await ask(question), answer.trimmingSpaces == "yes" else {
            output.write("not applied\n")
            return
        }
        guard let summary = await backendCall("applying", { [backend] in try await backend.apply(plan) }) else { return }
        output.write(summary.hasSuffix("\n") ? summary : summary + "\n")
    }
}
