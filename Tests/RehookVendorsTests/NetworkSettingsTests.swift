import Foundation
import RehookModel
@testable import RehookVendors
import Testing

@Suite("Proxies, CAs, timeouts, configuration discovery and the request log's masking")
struct NetworkSettingsTests {
    @Test("a proxy URL is read with its port and credentials, and printed without them")
    func proxyEndpoint() throws {
        let proxy = try #require(ProxyEndpoint(parsing: "http://ann:s%3Acret@proxy.corp:3128/"))
        #expect(proxy == ProxyEndpoint(host: "proxy.corp", port: 3128, username: "ann", password: "s:cret"))
        #expect(proxy.description == "http://***@proxy.corp:3128")
        #expect(ProxyEndpoint(parsing: "proxy.corp:8080") == ProxyEndpoint(host: "proxy.corp", port: 8080))
        #expect(ProxyEndpoint(parsing: "http://proxy.corp")?.port == 80)
        #expect(ProxyEndpoint(parsing: "https://proxy.corp:443") == nil)
        #expect(ProxyEndpoint(parsing: "http://proxy.corp:3128/path") == nil)
        #expect(ProxyEndpoint(parsing: "http://proxy.corp:99999") == nil)
    }

    @Test("HTTPS_PROXY and HTTP_PROXY by scheme, lower case first; NO_PROXY names hosts and their subdomains")
    func proxyRoutes() throws {
        let routes = try ProxyRoutes(environment: [
            "HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2", "HTTP_PROXY": "http://plain:3",
            "NO_PROXY": "localhost, .internal.corp,10.0.0.1:8080",
        ])
        #expect(routes.proxy(for: "https://api.heygen.com/v1/x")?.host == "lower")
        #expect(routes.proxy(for: "http://api.example.com/x")?.host == "plain")
        #expect(routes.proxy(for: "http://localhost:9000/x") == nil)
        #expect(routes.proxy(for: "https://svc.internal.corp/x") == nil)
        #expect(routes.proxy(for: "https://internal.corp/x") == nil)
        #expect(routes.proxy(for: "https://notinternal.corp/x")?.host == "lower")
        #expect(routes.proxy(for: "http://10.0.0.1/x") == nil)
        #expect(try ProxyRoutes(environment: ["HTTPS_PROXY": "http://p:1", "no_proxy": "*"]).proxy(for: "https://a.b/") == nil)
        #expect(try ProxyRoutes(environment: [:]).proxy(for: "https://a.b/") == nil)
        #expect(throws: ConfigurationError("HTTPS_PROXY is not an http:// proxy URL (e.g. http://proxy.corp:3128)")) {
            try ProxyRoutes(environment: ["HTTPS_PROXY": "socks5://p:1080"])
        }
    }

    @Test("rehook.toml sets timeouts, a CA file and an account's proxy, and refuses bad values with file:line:col")
    func networkKeys() throws {
        let directory = try temporaryDirectory()
        let ca = directory.appendingPathComponent("corp-ca.pem").path
        try Data("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: ca))
        let configuration = try RehookConfiguration.parse("""
            connect_timeout = 10
            request_timeout = 120
            ca_file = "\(ca)"
            [[account]]
            name = "eu"
            vendor = "heygen"
            proxy = "http://proxy.corp:3128"
            """, path: "rehook.toml")
        #expect(configuration.network == NetworkConfiguration(connectTimeout: 10, requestTimeout: 120, caFile: ca))
        #expect(configuration.accounts.first?.proxy == ProxyEndpoint(host: "proxy.corp", port: 3128))
        let settings = try NetworkSettings.resolve(configuration.network, environment: ["SSL_CERT_FILE": ca])
        #expect(settings.caFiles == [ca, ca] && settings.connectTimeout == 10 && settings.requestTimeout == 120)
        #expect(settings.readTimeout == 30 && settings.userAgent == "rehook/\(RehookVersion.current)")

        let problems: [(String, String)] = [
            ("connect_timeout = 0", "rehook.toml:1:1: connect_timeout must be a whole number of seconds from 1 to 600"),
            ("request_timeout = \"60\"", "rehook.toml:1:1: request_timeout must be a whole number of seconds from 1 to 3600"),
            ("ca_file = \"/nonexistent/ca.pem\"", "rehook.toml:1:1: ca_file: cannot read the CA file /nonexistent/ca.pem"),
            ("[[account]]\nname = \"a\"\nvendor = \"heygen\"\nproxy = \"socks5://p\"",
             "rehook.toml:4:1: account 'a': proxy must be an http:// proxy URL (e.g. \"http://proxy.corp:3128\")"),
        ]
        for (text, message) in problems {
            #expect(throws: ConfigurationError.self) { try RehookConfiguration.parse(text, path: "rehook.toml") }
            do { _ = try RehookConfiguration.parse(text, path: "rehook.toml") } catch { #expect(error.description == message) }
        }
        #expect(throws: ConfigurationError("SSL_CERT_FILE: cannot read the CA file /nonexistent.pem")) {
            try NetworkSettings.resolve(NetworkConfiguration(), environment: ["SSL_CERT_FILE": "/nonexistent.pem"])
        }
    }

    @Test("the configuration is --config, then REHOOK_CONFIG, then ./rehook.toml, then $XDG_CONFIG_HOME/rehook/config.toml")
    func discoveryOrder() throws {
        let directory = try temporaryDirectory()
        let work = directory.appendingPathComponent("work")
        let xdg = directory.appendingPathComponent("xdg")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: xdg.appendingPathComponent("rehook"), withIntermediateDirectories: true)
        func account(_ name: String) -> String { "[[account]]\nname = \"\(name)\"\nvendor = \"argil\"\n" }
        let named = directory.appendingPathComponent("named.toml").path
        let explicit = directory.appendingPathComponent("explicit.toml").path
        try Data(account("from-variable").utf8).write(to: URL(fileURLWithPath: named))
        try Data(account("from-option").utf8).write(to: URL(fileURLWithPath: explicit))
        try Data(account("from-xdg").utf8).write(to: xdg.appendingPathComponent("rehook/config.toml"))
        func names(_ explicitPath: String?, _ environment: [String: String]) throws -> [String] {
            try RehookConfiguration.load(explicitPath: explicitPath, currentDirectory: work.path, environment: environment)
                .accounts.map(\.name)
        }
        let environment = ["REHOOK_CONFIG": named, "XDG_CONFIG_HOME": xdg.path, "ARGIL_API_KEY": "k"]
        #expect(try names(explicit, environment) == ["from-option"])
        #expect(try names(nil, environment) == ["from-variable"])
        #expect(try names(nil, ["XDG_CONFIG_HOME": xdg.path]) == ["from-xdg"])
        #expect(try names(nil, ["HOME": directory.path, "ARGIL_API_KEY": "k"]) == ["argil"])
        try Data(account("from-cwd").utf8).write(to: work.appendingPathComponent("rehook.toml"))
        #expect(try names(nil, ["XDG_CONFIG_HOME": xdg.path]) == ["from-cwd"])
        #expect(throws: ConfigurationError("REHOOK_CONFIG: no such configuration file", file: "/nonexistent.toml")) {
            try names(nil, ["REHOOK_CONFIG": "/nonexistent.toml"])
        }
    }

    @Test("the request log's paths mask the values of query items named like credentials (URLCredentials), and nothing else")
    func credentialQueryMasking() {
        let digest = URLCredentials.shortDigest
        #expect(URLCredentials.maskingQuery("/v1/webhooks?api_key=abc&page=2&Token=x&sig=y&limit=5")
                == "/v1/webhooks?api_key=\(digest("abc"))&page=2&Token=\(digest("x"))&sig=\(digest("y"))&limit=5")
        #expect(URLCredentials.maskingQuery("/v1/webhooks") == "/v1/webhooks")
        #expect(URLCredentials.maskingQuery("/v1/x?client_secret=s&flag") == "/v1/x?client_secret=\(digest("s"))&flag")
    }
}
