import RehookModel
import Testing
@testable import RehookREPL

@Suite struct ReviewTests {
    static let plan = FakeBackend.samplePlan(FakeBackend.sampleInventory + [
        Webhook(vendor: .composio, account: "main", id: "c_1", url: "https://old.acme.com/c", events: .list(["x"])),
    ]).plan

    @Test(arguments: [
        ([ReviewAnswer.accept, .accept, .accept], ["jogg/main/wh_1", "heygen/prod/ep_1", "composio/main/c_1"]),
        ([.skip, .accept, .skip], ["heygen/prod/ep_1"]),
        ([.skip, .acceptAll], ["heygen/prod/ep_1", "composio/main/c_1"]),
        ([.accept, .quit], ["jogg/main/wh_1"]),
        ([.quit], []),
    ])
    func answersSelectChanges(answers: [ReviewAnswer], accepted: [String]) {
        var review = PlanReview(plan: Self.plan)
        for answer in answers {
            #expect(!review.isFinished)
            review.answer(answer)
        }
        #expect(review.isFinished)
        #expect(review.acceptedPlan.changes.map(\.key.description) == accepted)
        #expect(review.acceptedPlan.createdAt == Self.plan.createdAt)
    }

    @Test func answersAfterTheEndChangeNothing() {
        var review = PlanReview(plan: Self.plan)
        review.answer(.acceptAll)
        review.answer(.skip)
        #expect(review.accepted.count == 3)
    }

    @Test(arguments: [("y", ReviewAnswer.accept), ("YES", .accept), (" n ", .skip), ("a", .acceptAll),
                      ("all", .acceptAll), ("q", .quit), ("quit", .quit)])
    func answersParse(text: String, answer: ReviewAnswer) {
        #expect(ReviewAnswer(text) == answer)
    }

    @Test func unclearAnswersAreRejected() {
        #expect(ReviewAnswer("maybe") == nil)
        #expect(ReviewAnswer("") == nil)
    }

    @Test func aChangeShowsReferencesForSecretsAndUnknownBefores() {
        let webhook = FakeBackend.sampleInventory[2]
        let change = PlannedChange(before: webhook, fields: [
            FieldChange(field: .timeout, before: .int(30), after: .int(45)),
            FieldChange(field: .secret, before: nil, beforeKnown: false, after: .secret(.environment("HOOK_SECRET"))),
        ])
        #expect(ChangeRenderer.render(change, index: 2, of: 5) == """
            [2/5] ~ talkover/ops/hook_7  https://hooks.acme.dev/t
                secret: (current value unknown) -> env("HOOK_SECRET")
                timeout: 30 -> 45

            """)
    }
}
