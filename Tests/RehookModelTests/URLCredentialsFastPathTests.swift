@testable import RehookModel
import Testing

/// `URLCredentials`' byte-level fast path agrees with its general `Character` walk.
@Suite struct URLCredentialsFastPathTests {
    static let urls = [
        "https://hooks.example.com/in?migrated=1",
        "https://hooks.example.com/in?token=abc",
        "https://hooks.example.com/a@b/in",
        "https://hooks.example.com/in?email=a@b.com",
        "https://hooks.example.com/in?next=https://x:y@z/",
        "https://user:p%40ss@hooks.example.com/in",
        "https://user:@hooks.example.com/",
        "https://user@hooks.example.com/",
        "https://:pw@hooks.example.com/",
        "https://a:b@c@hooks.example.com/",
        "https://a@b:c@hooks.example.com/",
        "https://[::1]:8080/in?x=1",
        "https://user:pw@[2001:db8::1]:443/in",
        "https://[2001:db8::1]/in?token=abc",
        "https://hooks.example.com#frag?token=abc",
        "https://hooks.example.com/in#frag?token=abc",
        "https://hooks.example.com/in?a=1#token=abc",
        "https://hooks.example.com?token=",
        "https://hooks.example.com?token",
        "https://hooks.example.com/?=abc",
        "https://hooks.example.com/?a=1&&token=x&",
        "https://hooks.example.com/?ACCESS_TOKEN=x",
        "https://hooks.example.com/?accessToken=x",
        "https://hooks.example.com/?X-Amz-Signature=x",
        "https://hooks.example.com/?myKEY=x",
        "https://hooks.example.com/?monkey=x",
        "https://hooks.example.com/?passage=1&pass=2",
        "https://hooks.example.com/?tok%65n=x",
        "https://hooks.example.com/?s%C3%A9cret=1",
        "https://hooks.example.com/in?\u{E9}token=1",
        "https://h\u{E9}llo.example.com/?token=x",
        "https://hooks.example.com/in?\u{43A}\u{43B}\u{44E}\u{447}=1",
        "https://b\u{FC}cher:pw@example.com/",
        "https://e\u{301}:pw@example.com/?x=1",
        "mailto:a@b.com?token=x",
        "ftp://u:p@h/",
        "HTTPS://USER:PW@H/",
        "https://h/a?b=c?token=d",
        "https://h/a?token=d#x&token=y",
        "https://h\r\n/?token=x",
        "https://h/?to\r\nken=x",
        "https://h/?sessionId=1",
        "https://h/?codec=1&zip_code=2",
        "https://h/?oauth=1",
        "https://h/path?x=1;token=2",
        "https://?token=x",
        "https://h?token=x://y",
        "x://y@z?q=1",
        "://",
        "https://",
        "",
        "not a url @ all?",
    ]

    @Test(arguments: urls)
    func fastPathAgreesWithTheWalk(url: String) {
        let walked = URLCredentials.maskedByWalk(url)
        #expect(URLCredentials.masked(url) == walked)
        #expect(URLCredentials.containsCredential(url) == (walked != url))
        if url.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(URLCredentials.mayCarryCredential(url) == (walked != url), "exact for ASCII URLs")
        }
    }

    @Test(arguments: [
        "token", "accessToken", "access_token", "X-Amz-Signature", "myKEY", "monkey", "passage", "pass", "a1B",
        "ABc", "aB1c", "sessionId", "SID", "SId", "x", "", "_", "__key__", "KeyID", "apiKey", "api-key", "APIKEY",
        "code", "codec", "zipCode", "ZIPCODE", "nonce", "nonces", "JWT", "hmacSha", "bearer", "otp", "otpCode", "pwd",
        "passwd", "hookName", "name", "secretive", "Credentials", "tok%65n", "to\r\nken", "migrated", "sig2", "2sig",
        "\u{E9}", "cl\u{E9}", "\u{E9}token", "K\u{E9}y",
    ])
    func credentialNamesAgree(name: String) {
        #expect(URLCredentials.isCredentialName(name) == URLCredentials.isCredentialNameByWords(name))
    }

    @Test func maskingTextMasksEachURLAsTheWalkDoes() {
        let urls = Self.urls.filter { $0.hasPrefix("http") && !$0.contains(where: \.isWhitespace) }
        let text = urls.map { "see <\($0)> and \"\($0)\"" }.joined(separator: "\n")
        let expected = urls.map { url in
            let walked = URLCredentials.maskedByWalk(url)
            return "see <\(walked)> and \"\(walked)\""
        }.joined(separator: "\n")
        #expect(URLCredentials.masking(in: text) == expected)
        let harmless = "plan: https://hooks.example.com/in?migrated=1 and https://a.example/b@c."
        #expect(URLCredentials.masking(in: harmless) == harmless)
    }
}
