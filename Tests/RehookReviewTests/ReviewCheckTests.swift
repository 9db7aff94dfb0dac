import RehookModel
import RehookTestSupport
import Testing
@testable import RehookReview

@Suite("Review checks")
struct ReviewCheckTests {
    static func urlMove(from before: String = "https://hooks.acme.dev/h", to after: String) -> PlannedChange {
        PlannedChange(before: Webhook(vendor: .heygen, account: "prod", id: "ep_1", url: before, events: .all),
                      fields: [FieldChange(field: .url, before: .string(before), after: .string(after))])
    }

    @Test(arguments: [
        ("https://hooks.acme.dev/h", "http://hooks.acme.dev/h", "moves to plain http: http://hooks.acme.dev/h"),
        ("http://hooks.acme.dev/h", "http://hooks.acme.dev/v2", "still uses plain http: http://hooks.acme.dev/v2"),
        ("https://a.dev/h", "HTTP://HOOKS.ACME.DEV/h", "moves to plain http: HTTP://HOOKS.ACME.DEV/h"),
    ])
    func plainHTTPIsFlagged(before: String, after: String, message: String) {
        let findings = PlainHTTPCheck().review(Self.urlMove(from: before, to: after))
        #expect(findings == [ReviewFinding(severity: .warning, key: WebhookKey(vendor: .heygen, account: "prod", id: "ep_1"),
                                           field: .url, message: message)])
    }

    @Test(arguments: ["https://hooks.acme.dev/h", "https://hooks.acme.dev:8443/h"])
    func httpToHTTPSIsFine(after: String) {
        #expect(PlainHTTPCheck().review(Self.urlMove(from: "http://hooks.acme.dev/h", to: after)).isEmpty)
    }

    @Test(arguments: [
        ("https://10.0.0.5/h", "10.0.0.0/8"), ("https://172.16.0.1/h", "172.16.0.0/12"),
        ("https://172.31.255.255/h", "172.16.0.0/12"), ("https://192.168.1.20:8443/h", "192.168.0.0/16"),
        ("https://127.0.0.1/h", "127.0.0.0/8"), ("https://169.254.169.254/latest", "169.254.0.0/16"),
        ("https://100.64.0.1/h", "100.64.0.0/10"), ("https://[::1]/h", "::1"), ("https://[::1]:9000/h", "::1"),
        ("https://[fd12:3456::1]/h", "fc00::/7"), ("https://[FE80::1%25eth0]/h", "fe80::/10"),
        ("https://[::ffff:10.0.0.1]/h", "10.0.0.0/8"), ("https://LOCALHOST/h", "localhost"),
        ("https://api.localhost:3000/h", "localhost"), ("https://printer.local/h", "*.local"),
        ("https://metadata.google.internal/h", "*.internal"), ("https://user:pw@127.0.0.1/h", "127.0.0.0/8"),
        ("https://2130706433/h", "127.0.0.0/8"), ("https://0x7f.1/h", "127.0.0.0/8"),
        ("https://127.0.0.%31/h", "127.0.0.0/8"), ("https://localhost./h", "localhost"),
        ("https://evil.com\\@127.0.0.1/h", nil), ("https://0.0.0.0/h", "0.0.0.0/8"),
    ] as [(String, String?)])
    func privateAddressesAreFlagged(url: String, range: String?) throws {
        let findings = PrivateAddressCheck().review(Self.urlMove(to: url))
        guard let range else {
            #expect(findings.isEmpty, "the host of \(url) is evil.com, not what follows the backslash")
            return
        }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message.contains(range), "\(finding.message)")
        #expect(finding.message.hasSuffix(url))
    }

    @Test(arguments: ["https://hooks.acme.dev/h", "https://8.8.8.8/h", "https://172.32.0.1/h", "https://[2001:db8::1]/h",
                      "https://100.128.0.1/h", "https://localhost.example.com/h", "https://192.169.0.1/h"])
    func publicAddressesPass(url: String) {
        #expect(PrivateAddressCheck().review(Self.urlMove(to: url)).isEmpty)
    }

    @Test(arguments: ["not a url", "https://", "https://[::1/h", "https://[12345::]/h", "https://256.1.1.1/h",
                      "https://host:port/h"])
    func unreadableHostsAreReported(url: String) throws {
        let finding = try #require(PrivateAddressCheck().review(Self.urlMove(to: url)).first)
        #expect(finding.message.hasPrefix("new URL has no readable host"))
    }

    @Test(arguments: [
        ("*.acme.dev", "https://hooks.acme.dev/h", true), ("*.acme.dev", "https://a.b.acme.dev/h", true),
        ("*.acme.dev", "https://HOOKS.ACME.DEV:8443/h", true), ("*.acme.dev", "https://evilacme.dev/h", false),
        ("*.acme.dev", "https://acme.dev/h", false), ("*.acme.dev", "https://acme.dev.evil.com/h", false),
        ("hooks.acme.dev", "https://hooks.acme.dev./h", true), ("hooks.acme.dev", "https://x.hooks.acme.dev/h", false),
        ("[2001:db8::1]", "https://[2001:DB8:0:0::1]:443/h", true), ("203.0.113.7", "https://203.0.113.7/h", true),
        ("*.acme.dev", "https://[2001:db8::1]/h", false),
    ])
    func allowListMatching(pattern: String, url: String, allowed: Bool) throws {
        let check = AllowedHostsCheck(patterns: [try AllowedHostPattern(pattern)])
        let findings = check.review(Self.urlMove(to: url))
        #expect(findings.isEmpty == allowed)
        if !allowed { #expect(findings.first?.message.contains("allow_hosts (\(pattern))") == true) }
    }

    @Test(arguments: ["", "*", "*.", "acme.*", "*acme.dev", "a.*.dev", "hooks.acme.dev/path", "*.10.0.0.1",
                      "user@host", "host:443"])
    func badAllowPatternsAreRejected(pattern: String) {
        #expect(throws: AllowedHostPatternError.self) { try AllowedHostPattern(pattern) }
    }

    @Test(arguments: [FieldValue.events(.list(["B", "D"])), .strings(["D", "B"])])
    func droppedEventsAreListed(after: FieldValue) throws {
        let before = Webhook(vendor: .argil, account: "main", id: "wh", url: "https://a.dev",
                             events: .list(["A", "B", "C"]))
        let change = PlannedChange(before: before, fields: [
            FieldChange(field: .events, before: .events(before.events), after: after),
        ])
        let finding = try #require(DroppedEventsCheck().review(change).first)
        #expect(finding.message == "stops 2 event subscriptions: A, C")
        #expect(finding.field == .events)
    }

    @Test func narrowingAllEventsIsADrop() throws {
        let change = PlannedChange(before: Webhook(vendor: .heygen, account: "p", id: "e", url: "https://a.dev",
                                                   events: .all),
                                   fields: [FieldChange(field: .events, before: .events(.all), after: .events(.list(["x"])))])
        let finding = try #require(DroppedEventsCheck().review(change).first)
        #expect(finding.message == "narrows from all events to 1 listed event; every other event stops")
    }

    @Test(arguments: [EventSelection.all, .list(["A", "B", "C"])])
    func addingEventsIsFine(after: EventSelection) {
        let before = Webhook(vendor: .heygen, account: "p", id: "e", url: "https://a.dev", events: .list(["A", "B"]))
        let change = PlannedChange(before: before, fields: [
            FieldChange(field: .events, before: .events(before.events), after: .events(after)),
        ])
        #expect(DroppedEventsCheck().review(change).isEmpty)
    }

    @Test(arguments: [(1, 2, true), (2, 2, false), (5, 2, false)])
    func blastRadius(maxChanges: Int, changes: Int, flagged: Bool) {
        let plan = Plan(createdAt: "t", source: nil, changes: (0..<changes).map { Self.urlMove(to: "https://b.dev/\($0)") },
                        unchangedMatches: 0)
        let findings = BlastRadiusCheck(maxChanges: maxChanges).review(plan)
        #expect(findings.count == (flagged ? 1 : 0))
        #expect(findings.allSatisfy { $0.key == nil && $0.description.hasPrefix("warning: plan: changes 2 webhooks") })
    }

    @Test("several policies reviewed in one pass over the changes find what each finds on the whole plan")
    func onePassReviewsEqualWholeReviews() throws {
        let plan = PlanFixtures.reviewed
        let policies = [ReviewPolicy(), ReviewPolicy(allowedHosts: [try AllowedHostPattern("*.acme.dev")], maxChanges: 2,
                                                     strict: true, requireHTTPS: true)]
        var header = plan
        header.changes = []
        var visited = 0
        let reports = ReviewReport.reviews(of: header, changeCount: plan.changes.count, policies: policies) { body in
            plan.changes.forEach { visited += 1; body($0) }
        }
        #expect(visited == plan.changes.count, "one pass")
        #expect(reports == policies.map { ReviewReport(plan: plan, policy: $0) })
        #expect(reports[1].findings.contains { $0.message.contains("more than max_changes 2") })
        #expect(reports[0].findings.contains { $0.message.contains("is unreachable") })
    }

    @Test func strictTurnsWarningsIntoErrorsAndAnnotatesThePlan() {
        let lenient = ReviewReport(plan: PlanFixtures.risky, policy: ReviewPolicy())
        let strict = ReviewReport(plan: PlanFixtures.risky, policy: ReviewPolicy(strict: true))
        #expect(!lenient.findings.isEmpty && !lenient.hasErrors)
        #expect(strict.findings.count == lenient.findings.count && strict.findings.allSatisfy { $0.severity == .error })
        let annotated = strict.annotating(strict.annotating(PlanFixtures.risky))
        #expect(annotated.warnings == strict.findings.map(\.description))
    }
}

/// `DeliveryURL` reads the usual URL from its bytes and leaves the rest to the general
/// `Character` parser: both must read every URL alike.
@Suite struct DeliveryURLFastPathTests {
    static let urls: [String] = {
        var urls = [
            "https://hooks.acme.dev/h", "HTTP://HOOKS.ACME.DEV/h", "  https://a.dev/x  ", "\thttps://a.dev\n",
            "https://hooks.acme.dev:8443/h", "https://hooks.acme.dev:/h", "https://hooks.acme.dev:84x3/h",
            "https://user:pw@127.0.0.1/h", "https://user@host.dev", "https://u@v@host.dev/p", "https://@/h",
            "https://evil.com\\@127.0.0.1/h", "https://a.dev?x=@b.dev", "https://a.dev#@b.dev", "https://a.dev/@b",
            "https://localhost./h", "https://./h", "https://a..b/h", "https://a.b../h", "https://..", "https://",
            "https:/a.dev", "https:a.dev", "://a.dev", "1http://a.dev", "h+t-t.p://a.dev/x", "ht_tp://a.dev",
            "https://2130706433/h", "https://0x7f.1/h", "https://127.0.0.%31/h", "https://a.+5/h", "https://a.-1/h",
            "https://a.0/h", "https://a.b9/h", "https://9a.dev/h", "https://[::1]:9000/h", "https://[::1/h",
            "https://ho st/h", "https://ho<st/h", "https://ho%41st.dev/h", "https://h\u{7F}st/h", "https://ho\u{1}st/h",
            "https://hé.dev/h", "https://ＡＢ.dev/h", "https://a.dev\u{2003}", "not a url", "", ":", "a:",
            "https://a.dev:99999999999999999999/h", "https://A.Dev.:1/h", "mailto://x@y.z", "https://a.dev\r\n",
        ]
        // Every URL of the check tests above too.
        urls += ["https://10.0.0.5/h", "https://172.31.255.255/h", "https://[fd12:3456::1]/h", "https://[FE80::1%25eth0]/h",
                 "https://[::ffff:10.0.0.1]/h", "https://LOCALHOST/h", "https://api.localhost:3000/h",
                 "https://printer.local/h", "https://metadata.google.internal/h", "https://0.0.0.0/h",
                 "https://256.1.1.1/h", "https://host:port/h", "https://[12345::]/h"]
        return urls
    }()

    @Test func fastPathAgreesWithTheGeneralParser() {
        for url in Self.urls {
            #expect(DeliveryURL(url) == DeliveryURL(general: url), "\(url.debugDescription)")
        }
    }
}
