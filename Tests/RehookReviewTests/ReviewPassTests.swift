import RehookModel
@testable import RehookReview
import RehookTestSupport
import Testing

/// `ReviewPass`: the review `apply` runs while a saved plan is first read. It must give exactly
/// the whole plan's review, or none: a policy it did not run the change checks of is reviewed
/// again over the changes, never answered from another policy's findings.
@Suite struct ReviewPassTests {
    static func header(_ plan: Plan) -> Plan {
        var header = plan
        header.changes = []
        return header
    }

    static func pass(_ plan: Plan, policies: [ReviewPolicy], countingReceivers: Bool) -> ReviewPass {
        var pass = ReviewPass(policies: policies, countingReceivers: countingReceivers)
        plan.changes.forEach { pass.add($0) }
        return pass
    }

    @Test("policies with the pass's change checks are reviewed as on the whole plan, strict and max_changes included")
    func samePolicyChecksGiveTheWholeReview() throws {
        let plan = PlanFixtures.reviewed
        let current = ReviewPolicy(allowedHosts: [try AllowedHostPattern("*.acme.dev")])
        let pass = Self.pass(plan, policies: [current], countingReceivers: true)
        let recorded = ReviewPolicy(allowedHosts: [try AllowedHostPattern("*.acme.dev")], maxChanges: 1, strict: true)
        let reports = try #require(pass.reports(of: Self.header(plan), under: [current, recorded]))
        #expect(pass.changeCount == plan.changes.count)
        #expect(reports == [current, recorded].map { ReviewReport(plan: plan, policy: $0) })
        #expect(reports[1].hasErrors && reports[1].findings.contains { $0.message.contains("more than max_changes 1") })
    }

    @Test(arguments: [
        ReviewPolicy(requireHTTPS: true),
        ReviewPolicy(allowedHosts: [try! AllowedHostPattern("hooks.acme.dev")]),
        ReviewPolicy(allowedHosts: []),
    ])
    func otherChangeChecksAreNotAnswered(other: ReviewPolicy) {
        let plan = PlanFixtures.risky
        let pass = Self.pass(plan, policies: [ReviewPolicy()], countingReceivers: false)
        #expect(pass.reports(of: Self.header(plan), under: [ReviewPolicy(), other]) == nil)
        // A pass that ran them answers.
        let both = Self.pass(plan, policies: [ReviewPolicy(), other], countingReceivers: false)
        #expect(both.reports(of: Self.header(plan), under: [other]) == [ReviewReport(plan: plan, policy: other)])
    }

    @Test func aProbedPlanNeedsTheReceiversCounted() throws {
        let plan = PlanFixtures.reviewed
        #expect(plan.probes != nil)
        let uncounted = Self.pass(plan, policies: [ReviewPolicy()], countingReceivers: false)
        #expect(uncounted.reports(of: Self.header(plan), under: [ReviewPolicy()]) == nil)
        let counted = Self.pass(plan, policies: [ReviewPolicy()], countingReceivers: true)
        let report = try #require(counted.reports(of: Self.header(plan), under: [ReviewPolicy()]))
        #expect(report == [ReviewReport(plan: plan, policy: ReviewPolicy())])
        #expect(report[0].findings.contains { $0.message.contains("is unreachable") })
    }
}
