import Foundation
@testable import RehookModel
import Testing

/// `ValueRules` judges simple URLs from their bytes; its verdicts agree with `URLComponents`'.
@Suite struct ValueRulesURLFastPathTests {
    @Test(arguments: [
        "https://old0.acme.com/v1/argil/7", "https://gateway.acme.dev/v2/heygen/12?migrated=1", "http://hooks.example.com",
        "https://a-b.example.org/x?y=1&z=2&w", "https://example.com?q", "https://x.io/~user/a.b_c-d", "http://localhost/",
        "https://1.2.3.4/", "https://999.999.999.999/", "https://a.1/", "https://example.com./", "https://-a.example/",
        "https://a-.example/", "https://a..example/", "https://.example/", "https:///path", "https://", "http://:80/",
        "https://example.com:8443/in", "https://user:pw@example.com/", "https://[::1]/", "https://ex ample.com/",
        "https://example.com/a b", "https://example.com/%41", "https://example.com/a%zz", "https://example.com/#frag",
        "https://exämple.com/", "HTTPS://EXAMPLE.COM/", "ftp://example.com/", "https:example.com", "example.com",
        "https://example.com/?a=b?c", "https://xn--bcher-kva.example/", "http://example.com/a|b", "",
    ])
    func fastVerdictAgreesWithURLComponents(url: String) {
        for requiresHTTPS in [false, true] {
            #expect(ValueRules.urlViolation(url, requiresHTTPS: requiresHTTPS)
                == ValueRules.componentsURLViolation(url, requiresHTTPS: requiresHTTPS))
        }
        if let scheme = ValueRules.simpleURLScheme(url) {
            let components = URLComponents(string: url)
            #expect(components?.scheme == scheme)
            #expect(components?.host?.isEmpty == false)
        }
    }

    @Test func theBenchmarksURLsTakeTheFastPath() {
        #expect(ValueRules.simpleURLScheme("https://old3.acme.com/legacy/jogg/42?migrated=1") == "https")
        #expect(ValueRules.simpleURLScheme("http://gw.example.org/v2/talkover/7") == "http")
    }
}
