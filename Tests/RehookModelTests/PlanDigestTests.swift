import Foundation
import RehookModel
import RehookTestSupport
import Testing

/// SHA-256 against the FIPS 180-4 vectors, and the plan digest over content but not time.
@Suite struct PlanDigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesTheStandardVectors(input: String, expected: String) {
        #expect(SHA256Digest.hex(of: input) == expected)
    }

    @Test func sha256OfAMillionAs() {
        #expect(SHA256Digest.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func digestIgnoresTimeAndSourceButNotChangesOrReview() {
        let plan = PlanFixtures.fleet
        let digest = PlanFile.digest(of: plan)
        #expect(PlanFile.isDigest(digest))
        var later = plan
        later.createdAt = "2030-01-01T00:00:00Z"
        later.source = PlanSource(path: "elsewhere.rehook", digest: "0")
        #expect(PlanFile.digest(of: later) == digest)
        var fewer = plan
        fewer.changes.removeLast()
        #expect(PlanFile.digest(of: fewer) != digest)
        var reviewed = plan
        reviewed.review = RecordedReview(policy: RecordedPolicy(strict: true), errors: 0, warnings: 0)
        #expect(PlanFile.digest(of: reviewed) != digest)
    }

    @Test func aSealedPlanReadsBackAndAnEditedOneIsRefused() throws {
        var plan = PlanFixtures.fleet
        plan.review = RecordedReview(policy: RecordedPolicy(strict: false, maxChanges: 9, allowHosts: ["*.acme.dev"]),
                                     errors: 0, warnings: 1)
        let sealed = PlanFile.sealed(plan)
        let data = PlanFile.encode(sealed)
        #expect(try PlanFile.decode(data, path: "p.json") == sealed)
        #expect(try JSONDecoder().decode(Plan.self, from: data) == sealed, "the byte writer and Codable agree")
        let edited = Data(String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "hooks.acme.dev", with: "evil.example.com").utf8)
        #expect(throws: PlanFileError.self) { try PlanFile.decode(edited, path: "p.json") }
    }
}

/// `URLCredentials`: what is masked, what is left alone.
@Suite struct URLCredentialsTests {
    @Test(arguments: [
        "https://hooks.example.com/in?token=abc123",
        "https://hooks.example.com/in?x=1&X-Amz-Signature=ff00&y=2",
        "https://hooks.example.com/in?accessToken=t0k",
        "https://user:hunter2@hooks.example.com/in",
        "https://hooks.example.com/in?api_key=k&code=c#frag",
    ])
    func credentialsAreMasked(url: String) {
        let masked = URLCredentials.masked(url)
        #expect(masked != url)
        #expect(URLCredentials.containsCredential(url))
        for secret in ["abc123", "ff00", "t0k", "hunter2", "=k&", "=c#"] { #expect(!masked.contains(secret), "\(masked)") }
        #expect(masked.contains("sha256:"))
    }

    @Test(arguments: [
        "https://hooks.example.com/in?page=2&region=eu",
        "https://user@hooks.example.com/in",
        "https://hooks.example.com/token/abc",
        "not a url",
    ])
    func otherURLsAreLeftAlone(url: String) {
        #expect(URLCredentials.masked(url) == url)
    }

    @Test func urlsInTextAreMaskedAndTheDigestTracksTheValue() {
        let text = "error: moves to \"https://h.example.com/a?token=one\" and https://h.example.com/b?sig=two."
        let masked = URLCredentials.masking(in: text)
        #expect(!masked.contains("=one") && !masked.contains("=two"))
        #expect(masked.hasPrefix("error: moves to \"https://h.example.com/a?token=sha256:"))
        #expect(URLCredentials.masked("https://h/?token=one") != URLCredentials.masked("https://h/?token=two"))
        #expect(masked.contains(URLCredentials.shortDigest("one")))
        #expect(masked.hasSuffix(URLCredentials.shortDigest("two") + "."), "the sentence's full stop stays outside")
    }

    @Test func aURLInParenthesesKeepsTheClosingOne() {
        let masked = URLCredentials.masking(in: "heygen/prod webhook ep_1 (https://h.dev/in?token=abc)")
        #expect(masked == "heygen/prod webhook ep_1 (https://h.dev/in?token=\(URLCredentials.shortDigest("abc")))")
    }
}
