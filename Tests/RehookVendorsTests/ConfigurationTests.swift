import Foundation
import RehookModel
import RehookVendors
import Testing

@Suite("Accounts and configuration")
struct ConfigurationTests {
    private func parseError(_ text: String) -> ConfigurationError? {
        do {
            _ = try RehookConfiguration.parse(text, path: "rehook.toml")
            Issue.record("no error")
            return nil
        } catch {
            return error
        }
    }

    @Test("without a file, each vendor whose key variable is set is one account")
    func discovery() throws {
        let directory = try temporaryDirectory()
        let configuration = try RehookConfiguration.load(
            currentDirectory: directory.path,
            environment: ["HEYGEN_API_KEY": "k1", "TALKOVER_API_TOKEN": "k2", "ARGIL_API_KEY": "", "PATH": "/bin"])
        #expect(configuration.accounts.map(\.name) == ["talkover", "heygen"])
        #expect(configuration.accounts.map(\.keySource) == [.environment("TALKOVER_API_TOKEN"), .environment("HEYGEN_API_KEY")])
        #expect(configuration.accounts.first?.baseURL == "https://app.talkover.ai/api/v1")
        #expect(configuration.sourcePath == nil)
    }

    @Test("a file declares several accounts per vendor with their own keys and rates")
    func severalAccounts() throws {
        let text = """
        allow_hosts = ["hooks.acme.dev", "*.acme.dev"]

        [[account]]
        name = "heygen-eu"
        vendor = "heygen"
        key_env = "HEYGEN_EU_KEY"        # or key_file
        base_url = "https://api.heygen.com"
        rate = "10/s"
        write_rate = "20/m"
        concurrency = 8

        [[account]]
        name = "heygen-us"
        vendor = "heygen"
        key_file = "/run/secrets/heygen-us"

        [[account]]
        name = "jogg"
        vendor = "jogg"
        """
        let configuration = try RehookConfiguration.parse(text, path: "rehook.toml")
        #expect(configuration.allowHosts == ["hooks.acme.dev", "*.acme.dev"])
        #expect(configuration.accounts(of: .heygen).map(\.name) == ["heygen-eu", "heygen-us"])
        let europe = try #require(configuration.account(named: "heygen-eu"))
        #expect(europe.keySource == .environment("HEYGEN_EU_KEY"))
        #expect(europe.rate == RateLimit(requests: 10, per: .second))
        #expect(europe.writeRate == RateLimit(requests: 20, per: .minute))
        #expect(europe.concurrency == 8)
        let us = try #require(configuration.account(named: "heygen-us"))
        #expect(us.keySource == .file("/run/secrets/heygen-us"))
        #expect(us.rate == RateDefaults.unpublished)
        let jogg = try #require(configuration.account(named: "jogg"))
        #expect(jogg.keySource == .environment("JOGG_API_KEY"))
        #expect(jogg.rate == nil)
        #expect(jogg.writeRate == RateLimit(requests: 20, per: .minute))
    }

    @Test("REHOOK_<VENDOR>_URL replaces the base of every account of that vendor, over the file")
    func overrides() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("rehook.toml")
        try Data("""
        [[account]]
        name = "a"
        vendor = "argil"
        base_url = "https://argil.example/v1"
        [[account]]
        name = "b"
        vendor = "argil"
        [[account]]
        name = "c"
        vendor = "jogg"
        """.utf8).write(to: file)
        let configuration = try RehookConfiguration.load(
            currentDirectory: directory.path, environment: ["REHOOK_ARGIL_URL": "http://127.0.0.1:9001/v1"])
        #expect(configuration.accounts.map(\.baseURL) == ["http://127.0.0.1:9001/v1", "http://127.0.0.1:9001/v1", "https://api.jogg.ai"])
        #expect(configuration.sourcePath == file.path)
    }

    @Test("override also applies to discovered accounts")
    func overrideDiscovered() throws {
        let configuration = try RehookConfiguration.load(
            currentDirectory: try temporaryDirectory().path,
            environment: ["COMPOSIO_API_KEY": "k", "REHOOK_COMPOSIO_URL": "http://127.0.0.1:1234"])
        #expect(configuration.accounts.map(\.baseURL) == ["http://127.0.0.1:1234"])
    }

    @Test("an explicit path that does not exist is an error naming it")
    func missingExplicitFile() throws {
        let path = try temporaryDirectory().appendingPathComponent("nope.toml").path
        #expect(throws: ConfigurationError("--config: no such configuration file", file: path)) {
            try RehookConfiguration.load(explicitPath: path, environment: [:])
        }
    }

    @Test("configuration errors name file:line:col and the problem", arguments: [
        ("[[account]]\nname = \"x\"\nvendor = \"heygen\"\nkey = \"sk-live-123\"",
         #"rehook.toml:4:1: an API key must not be written in the configuration file; use key_env = "VARIABLE" or key_file = "/path""#),
        ("[[account]]\nname = \"x\"\nvendor = \"vimeo\"",
         "rehook.toml:3:1: account 'x': unknown vendor 'vimeo' (one of argil, jogg, talkover, heygen, composio)"),
        ("[[account]]\nvendor = \"jogg\"", "rehook.toml:1:1: [[account]] needs a name"),
        ("[[account]]\nname = \"x\"", "rehook.toml:1:1: account 'x' needs a vendor (one of argil, jogg, talkover, heygen, composio)"),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\"\nrate = \"fast\"",
         #"rehook.toml:4:1: rate must look like "10/s" or "20/m""#),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\"\nconcurrency = 0", "rehook.toml:4:1: concurrency must be an integer from 1 to 256"),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\"\nkey_env = \"A\"\nkey_file = \"/b\"",
         "rehook.toml:5:1: account 'x': set key_env or key_file, not both"),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\"\nbase_url = \"ftp://x\"",
         #"rehook.toml:4:1: base_url "ftp://x" is not an http(s) URL"#),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\"\nconcurency = 2",
         "rehook.toml:4:1: unknown key 'concurency' in [[account]] (allowed: name, vendor, key_env, key_file, base_url, rate, write_rate, concurrency, proxy)"),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\"\n[[account]]\nname = \"x\"\nvendor = \"argil\"",
         "rehook.toml:4:1: account name 'x' is used twice"),
        ("allow_hosts = \"acme.dev\"", "rehook.toml:1:1: allow_hosts must be an array of strings, got string"),
        ("account = 3", "rehook.toml:1:1: 'account' must be written as [[account]] tables"),
        ("[[account]]\nname = 5", "rehook.toml:2:1: name must be a string, got integer"),
        ("[[account]]\nname = \"x\"\nvendor = \"jogg\n", "rehook.toml:3:10: string is not closed on its line"),
    ])
    func fileErrors(text: String, expected: String) {
        #expect(parseError(text)?.description == expected)
    }

    @Test("every problem of the file is reported at once, one a line")
    func everyErrorAtOnce() {
        let text = """
            allow_hosts = ["a.dev"]
            [policy]
            strict = "yes"
            max_changes = -1
            allow_hosts = ["b.dev"]
            colour = 1
            [[account]]
            name = "x"
            vendor = "vimeo"
            [[account]]
            name = "y"
            vendor = "jogg"
            rate = "fast"
            concurrency = 0
            """
        #expect(parseError(text)?.description == """
            rehook.toml:1:1: allow_hosts is set both here and in [policy]; keep the one in [policy]
            rehook.toml:3:1: strict must be true or false, got string
            rehook.toml:4:1: max_changes must be an integer, 0 or more
            rehook.toml:6:1: unknown key 'colour' in [policy] (allowed: max_changes, strict, allow_hosts, require_https)
            rehook.toml:9:1: account 'x': unknown vendor 'vimeo' (one of argil, jogg, talkover, heygen, composio)
            rehook.toml:13:1: rate must look like "10/s" or "20/m"
            rehook.toml:14:1: concurrency must be an integer from 1 to 256
            """)
    }

    @Test("[policy] is read")
    func policyTable() throws {
        let configuration = try RehookConfiguration.parse("""
            [policy]
            max_changes = 50
            strict = true
            require_https = true
            allow_hosts = ["*.acme.dev"]
            """, path: "rehook.toml")
        #expect(configuration.policy == ConfiguredPolicy(maxChanges: 50, strict: true, allowHosts: ["*.acme.dev"],
                                                         requireHTTPS: true))
        #expect(configuration.allowHosts == ["*.acme.dev"])
    }

    @Test("loading a key names the account and the source")
    func keyLoading() throws {
        let account = Account(name: "heygen-eu", vendor: .heygen, keySource: .environment("HEYGEN_EU_KEY"))
        #expect(throws: ConfigurationError("account 'heygen-eu': environment variable HEYGEN_EU_KEY is not set")) {
            try account.loadKey(environment: [:])
        }
        #expect(try account.loadKey(environment: ["HEYGEN_EU_KEY": "abc"]) == APIKey("abc"))

        let directory = try temporaryDirectory()
        let keyFile = directory.appendingPathComponent("key")
        try Data("from-file\n".utf8).write(to: keyFile)
        let fileAccount = Account(name: "f", vendor: .argil, keySource: .file(keyFile.path))
        #expect(try fileAccount.loadKey(environment: [:]) == APIKey("from-file"))
        let missing = Account(name: "m", vendor: .argil, keySource: .file(directory.appendingPathComponent("none").path))
        #expect(throws: ConfigurationError("account 'm': file \(directory.appendingPathComponent("none").path) cannot be read")) {
            try missing.loadKey(environment: [:])
        }
    }

    @Test("rate strings", arguments: [("10/s", 10.0), ("120/m", 2.0), ("1/m", 1.0 / 60)])
    func rates(text: String, perSecond: Double) throws {
        #expect(try #require(RateLimit(parsing: text)).requestsPerSecond == perSecond)
    }

    @Test("bad rate strings are refused", arguments: ["0/s", "-1/s", "10/h", "10", "/s", "ten/s", "10/s/s"])
    func badRates(text: String) {
        #expect(RateLimit(parsing: text) == nil)
    }
}

@Suite("Adapters from a configuration")
struct MakeAdaptersTests {
    @Test("one adapter per account, in order, with its own identity")
    func oneAdapterPerAccount() throws {
        let configuration = try RehookConfiguration.parse("""
            [[account]]
            name = "h1"
            vendor = "heygen"
            key_env = "H1"
            [[account]]
            name = "t"
            vendor = "talkover"
            """, path: "rehook.toml")
        let adapters = try configuration.makeAdapters(transport: ScriptedTransport(),
                                                      environment: ["H1": "a", "TALKOVER_API_TOKEN": "b"])
        #expect(adapters.map(\.account) == ["h1", "t"])
        #expect(adapters.map(\.vendor) == [.heygen, .talkover])
    }

    @Test("a missing key names the account")
    func missingKey() throws {
        let configuration = RehookConfiguration(accounts: [Account(name: "h1", vendor: .heygen)])
        #expect(throws: ConfigurationError("account 'h1': environment variable HEYGEN_API_KEY is not set")) {
            try configuration.makeAdapters(transport: ScriptedTransport(), environment: [:])
        }
    }
}
