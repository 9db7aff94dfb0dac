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

    @Test func backReturnsToThePreviousChangeAndForgetsItsAnswer() {
        var review = PlanReview(plan: Self.plan)
        let backAtFirst = review.answer(.back)
        #expect(!backAtFirst, "there is no change before the first")
        review.answer(.accept)
        review.answer(.skip)
        let wentBack = review.answer(.back) && review.answer(.back)
        #expect(wentBack)
        #expect(review.position == 0)
        review.answer(.skip)
        review.answer(.acceptAll)
        #expect(review.isFinished)
        #expect(review.accepted.map(\.key.description) == ["heygen/prod/ep_1", "composio/main/c_1"])
    }

    @Test(arguments: [("b", ReviewAnswer.back), ("BACK", .back), ("q", .quit)])
    func singleKeysParse(text: String, answer: ReviewAnswer) {
        #expect(ReviewAnswer(text) == answer)
    }
}
