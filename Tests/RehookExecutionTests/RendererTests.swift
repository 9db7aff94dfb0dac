import Testing
import RehookModel
@testable import RehookExecution

@Suite("Progress and summary renderers")
struct RendererTests {
    let snapshot = ProgressSnapshot(
        elapsed: .seconds(5),
        vendors: [
            .heygen: VendorProgress(total: 40, applied: 18, failed: 1, skipped: 1, retries: 2, rateLimited: 1,
                                    lastOutcomeAt: .milliseconds(4_900)),
            .jogg: VendorProgress(total: 10, applied: 10, lastOutcomeAt: .seconds(75)),
        ])

    @Test("one bar per vendor with done/total, rate, ETA, retries and 429s, then a total line")
    func barLines() {
        #expect(ProgressRenderer.barLines(snapshot, barWidth: 10) == [
            "jogg      [##########]     10/10    0.1/s  ETA done    retries 0  429s 0",
            "heygen    [#####.....]     20/40    4.0/s  ETA 5.0s    retries 2  429s 1",
            "total     [######....]     30/50     5.0s  ETA 5.0s    retries 2  429s 1",
        ])
    }

    @Test("rates count from a vendor's first outcome, and freeze when it finishes")
    func ratesFromTheFirstOutcomeFrozenWhenFinished() {
        func lines(at elapsed: Duration) -> [String] {
            ProgressRenderer.barLines(ProgressSnapshot(elapsed: elapsed, vendors: [
                .heygen: VendorProgress(total: 10, applied: 10, lastOutcomeAt: .seconds(5), firstOutcomeAt: .seconds(2)),
                .talkover: VendorProgress(total: 58, applied: 9, lastOutcomeAt: .seconds(11), firstOutcomeAt: .seconds(7)),
            ]), barWidth: 4)
        }
        // Talkover read for 7 s before its first change finished: 8 changes in the 4 s since
        // is 2.0/s and 49 left take 24.5 s (counting from the start said 0.8/s and 59.9 s).
        #expect(lines(at: .seconds(11)) == [
            "talkover  [....]      9/58    2.0/s  ETA 24.5s   retries 0  429s 0",
            "heygen    [####]     10/10    3.0/s  ETA done    retries 0  429s 0",
            "total     [#...]     19/68    11.0s  ETA 24.5s   retries 0  429s 0",
        ])
        #expect(lines(at: .seconds(20))[1] == lines(at: .seconds(11))[1], "a finished vendor's rate must not fall")
    }

    @Test("rates exclude changes finished before a resume; no progress means no ETA")
    func resumedRate() {
        var resumed = snapshot
        resumed.doneAtStart = [.heygen: 20]
        let lines = ProgressRenderer.barLines(resumed, barWidth: 4)
        #expect(lines[1] == "heygen    [##..]     20/40    0.0/s  ETA --      retries 2  429s 1")
        #expect(lines[2].contains("ETA --"))
    }

    @Test("inconsistent counters never break the bar")
    func overfullBar() {
        let odd = ProgressSnapshot(elapsed: .seconds(1), vendors: [.argil: VendorProgress(total: 2, applied: 5)])
        #expect(ProgressRenderer.barLines(odd, barWidth: 4) == [
            "argil     [####]       5/2    0.0/s  ETA done    retries 0  429s 0",
            "total     [####]       5/2     1.0s  ETA done    retries 0  429s 0",
        ])
    }

    @Test("the non-TTY status line")
    func statusLine() {
        #expect(ProgressRenderer.statusLine(snapshot)
                == "progress: jogg 10/10, heygen 20/40 | applied 28, failed 1, skipped 1, retries 2, 429s 1 | 5.0s")
    }

    @Test("the summary table per vendor with a total row")
    func summaryTable() {
        #expect(SummaryRenderer.table(snapshot) == [
            "vendor  applied  failed  skipped  retries  429s   time",
            "jogg         10       0        0        0     0  1m15s",
            "heygen       18       1        1        2     1   4.9s",
            "total        28       1        1        2     1  1m15s",
        ])
    }

    @Test("NDJSON lines carry the event with sorted keys", arguments: [
        (ExecutionEvent.applied(WebhookKey(vendor: .jogg, account: "a", id: "e1"), alreadyApplied: true),
         #"{"account":"a","already_applied":true,"elapsed_seconds":5.000,"event":"applied","id":"e1","vendor":"jogg"}"#),
        (ExecutionEvent.retried(WebhookKey(vendor: .heygen, account: "b", id: "w"), after: .milliseconds(1500),
                                reason: "429 \"slow down\"", rateLimited: true),
         #"{"account":"b","after_seconds":1.500,"elapsed_seconds":5.000,"event":"retried","id":"w","rate_limited":true,"reason":"429 \"slow down\"","vendor":"heygen"}"#),
        (ExecutionEvent.started(WebhookKey(vendor: .talkover, account: "eu/1", id: "t")),
         #"{"account":"eu\/1","elapsed_seconds":5.000,"event":"started","id":"t","vendor":"talkover"}"#),
        (ExecutionEvent.failed(WebhookKey(vendor: .argil, account: "a", id: "x"), message: "HTTP 500 at /v1\ttab"),
         #"{"account":"a","elapsed_seconds":5.000,"event":"failed","id":"x","message":"HTTP 500 at \/v1\ttab","vendor":"argil"}"#),
        (ExecutionEvent.skipped(WebhookKey(vendor: .composio, account: "a", id: "c"), reason: "changed: url"),
         #"{"account":"a","elapsed_seconds":5.000,"event":"skipped","id":"c","reason":"changed: url","vendor":"composio"}"#),
        (ExecutionEvent.verifyWarning(WebhookKey(vendor: .jogg, account: "a", id: "j"), message: "é dropped"),
         #"{"account":"a","elapsed_seconds":5.000,"event":"verify_warning","id":"j","message":"é dropped","vendor":"jogg"}"#),
    ])
    func jsonLines(event: ExecutionEvent, expected: String) {
        #expect(ProgressRenderer.jsonLine(ExecutionUpdate(event: event, snapshot: snapshot)) == expected)
    }

    @Test("event seconds print as %.3f does", arguments: [0.0, 0.0004, 0.0006, 1.5, 5, 59.999, 60.0004, 3_600.25, 86_400.123])
    func eventSeconds(seconds: Double) {
        #expect(ProgressRenderer.seconds(.seconds(fractional: seconds)) == String(format: "%.3f", seconds))
    }

    @Test("durations", arguments: [(Duration.milliseconds(3_240), "3.2s"), (.seconds(125), "2m05s"), (.seconds(3_720), "1h02m")])
    func durations(duration: Duration, text: String) {
        #expect(ProgressRenderer.formatDuration(duration) == text)
    }
}

@Suite("Listing progress renderers")
struct ListingRendererTests {
    let snapshot = ListingSnapshot(elapsed: .seconds(3), vendors: [
        .heygen: ListingSnapshot.Part(accounts: 5, accountsRead: 3, requests: 14, retries: 1, rateLimited: 1),
        .jogg: ListingSnapshot.Part(accounts: 2, accountsRead: 2, requests: 4),
    ])

    @Test("one line per vendor on a terminal")
    func lines() {
        #expect(ProgressRenderer.listingLines(snapshot) == [
            "jogg      reading     2/2 accounts  4 requests  retries 0  429s 0",
            "heygen    reading     3/5 accounts  14 requests  retries 1  429s 1",
        ])
    }

    @Test("one status line otherwise")
    func statusLine() {
        #expect(ProgressRenderer.listingStatusLine(snapshot)
                == "reading: jogg 2/2 accounts, heygen 3/5 accounts | 18 requests, retries 1, 429s 1 | 3.0s")
    }
}
