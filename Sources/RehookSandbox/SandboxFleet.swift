import RehookModel

/// A deterministic generator of accounts and webhooks: the same fleet always gives the same
/// fixture. Accounts are named `acme-prod`, `acme-staging`, `globex`, ... with keys
/// `sbx-<vendor>-<account>`; every account has at least one webhook on `https://old.acme.com`.
public struct SandboxFleet: Sendable, Hashable {
    public var vendors: [VendorID]
    public var accountsPerVendor: Int
    public var webhooksPerAccount: ClosedRange<Int>
    public var seed: UInt64

    public init(vendors: [VendorID] = VendorID.allCases, accountsPerVendor: Int,
                webhooksPerAccount: ClosedRange<Int>, seed: UInt64 = 1) {
        self.vendors = vendors
        self.accountsPerVendor = max(0, accountsPerVendor)
        self.webhooksPerAccount = max(0, webhooksPerAccount.lowerBound)...max(0, webhooksPerAccount.upperBound)
        self.seed = seed
    }

    /// Three accounts per vendor with 5–15 webhooks each.
    public static let demo = SandboxFleet(accountsPerVendor: 3, webhooksPerAccount: 5...15, seed: 2024)

    /// Parses `NxM` (N accounts per vendor, M webhooks each), the `--generate` option.
    public init(parsing text: String, seed: UInt64) throws {
        let parts = text.lowercased().split(separator: "x").map { Int($0) }
        guard parts.count == 2, let accounts = parts[0], let webhooks = parts[1],
              (1...1000).contains(accounts), (0...10_000).contains(webhooks) else {
            throw SandboxError.invalidOption(option: "--generate", value: text,
                                             expected: "NxM: 1–1000 accounts per vendor × 0–10000 webhooks each")
        }
        self.init(accountsPerVendor: accounts, webhooksPerAccount: webhooks...webhooks, seed: seed)
    }

    static let accountNames = ["acme-prod", "acme-staging", "globex", "initech", "umbrella", "hooli", "stark", "wayne"]

    /// The generated state.
    public func makeFixture() -> SandboxFixture {
        var accounts: [SandboxAccount] = []
        for (vendorIndex, vendor) in vendors.enumerated() {
            for accountIndex in 0..<accountsPerVendor {
                let name = accountIndex < Self.accountNames.count
                    ? Self.accountNames[accountIndex] : "account-\(accountIndex + 1)"
                // A scrambled start per account, so that no two accounts share a stretch of sequence.
                var scrambler = SeededGenerator(seed: seed ^ (UInt64(vendorIndex * 10_007 + accountIndex) &* 0xD1B5_4A32_D192_ED03))
                let accountSeed = scrambler.next()
                let fake = FakeRegistry.fake(for: vendor)
                var maker = WebhookMaker(vendor: vendor, fake: fake, generator: SeededGenerator(seed: accountSeed))
                let count = maker.int(in: webhooksPerAccount)
                var account = SandboxAccount(vendor: vendor, name: name, key: "sbx-\(vendor)-\(name)",
                                             username: maker.hex(count: 32))
                if fake.nestsWebhooksInAgents {
                    account.agents = maker.agents(webhookCount: count)
                } else {
                    account.webhooks = (0..<count).map { maker.webhook(index: $0) }
                }
                accounts.append(account)
            }
        }
        return SandboxFixture(accounts: accounts)
    }
}

/// Draws realistic webhooks for one account; the vendor's fake draws its own fields.
struct WebhookMaker {
    let vendor: VendorID
    let fake: any VendorFake.Type
    var generator: SeededGenerator
    /// Identifiers drawn so far in this account: a JoggAI id has nine random digits, so an
    /// account of thousands would otherwise draw one twice (and the fixture refuses duplicates).
    var issued: Set<String> = []

    static let customerHosts = ["api.globex.io", "hooks.initech.net", "events.umbrella-corp.com", "notify.hooli.xyz",
                                "ops.piedpiper.dev"]
    static let agentNames = ["Support line", "Sales desk", "Booking assistant", "After-hours", "Onboarding",
                             "Billing help", "Renewals", "Field service"]

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(generator.next() % UInt64(range.count))
    }

    mutating func unit() -> Double { generator.nextUnit() }

    mutating func hex(count: Int) -> String {
        String(decoding: (0..<count).map { _ in HexDigits.digit(UInt8(generator.next() % 16)) }, as: UTF8.self)
    }

    mutating func uuid() -> String {
        [hex(count: 8), hex(count: 4), "4" + hex(count: 3), "8" + hex(count: 3), hex(count: 12)].joined(separator: "-")
    }

    /// A new identifier of this account, drawn again until it is unused (the same fleet still
    /// gives the same ids: a redraw only happens where a duplicate would have been).
    mutating func identifier() -> String {
        while true {
            let drawn = drawIdentifier()
            if issued.insert(drawn).inserted { return drawn }
        }
    }

    private mutating func drawIdentifier() -> String { fake.drawIdentifier(&self) }

    /// The first webhook of an account is always on old.acme.com.
    mutating func url(index: Int, id: String) -> String {
        let tail = String(id.suffix(8))
        let draw = index == 0 ? 0 : unit()
        if draw < 0.35 { return "https://old.acme.com/webhooks/\(vendor)/\(tail)" }
        if draw < 0.6 { return "https://hooks.acme.com/\(vendor)/\(tail)" }
        if draw < 0.9 {
            let host = Self.customerHosts[int(in: 0...(Self.customerHosts.count - 1))]
            return "https://\(host)/webhooks/\(vendor)/\(tail)"
        }
        return "http://legacy.acme.com/hooks/\(vendor)?id=\(tail)"
    }

    /// 1–4 distinct events of `catalogue`, in catalogue order.
    mutating func events(from catalogue: [String]) -> [String] {
        guard !catalogue.isEmpty else { return [] }
        let wanted = int(in: 1...min(4, catalogue.count))
        var picked = Set<Int>()
        while picked.count < wanted { picked.insert(int(in: 0...(catalogue.count - 1))) }
        return picked.sorted().map { catalogue[$0] }
    }

    mutating func webhook(index: Int) -> SandboxWebhook {
        let id = identifier()
        let createdAt = 1_700_000_000 + int(in: 0...40_000_000)
        var webhook = SandboxWebhook(id: id, url: url(index: index, id: id), events: [], createdAt: createdAt)
        webhook.enabled = unit() < 0.85
        fake.fillGenerated(&webhook, index: index, &self)
        return webhook
    }

    /// Where webhooks live in agents: one agent per three webhooks (at least one agent), webhooks dealt round-robin.
    mutating func agents(webhookCount: Int) -> [SandboxAgent] {
        let agentCount = max(1, (webhookCount + 2) / 3)
        var agents = (0..<agentCount).map { index in
            SandboxAgent(id: uuid(), name: Self.agentNames[index % Self.agentNames.count]
                + (index < Self.agentNames.count ? "" : " \(index / Self.agentNames.count + 1)"))
        }
        for index in 0..<webhookCount {
            agents[index % agentCount].webhooks.append(webhook(index: index))
        }
        return agents
    }
}
