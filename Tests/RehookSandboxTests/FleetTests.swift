import Foundation
import RehookModel
import Testing
@testable import RehookSandbox

@Suite struct FleetTests {
    @Test func sameSeedGivesSameFleetAndOtherSeedsDiffer() {
        let fleet = SandboxFleet(accountsPerVendor: 2, webhooksPerAccount: 4...9, seed: 11)
        var other = fleet
        other.seed = 12
        #expect(fleet.makeFixture() == fleet.makeFixture())
        #expect(fleet.makeFixture() != other.makeFixture())
    }

    @Test func demoFleetHasSeveralAccountsPerVendorWithWorkForADomainMove() {
        let fixture = SandboxFleet.demo.makeFixture()
        for vendor in VendorID.allCases {
            let accounts = fixture.accounts.filter { $0.vendor == vendor }
            #expect(accounts.count == 3)
            for account in accounts {
                #expect((5...15).contains(account.allWebhooks.count), "\(account)")
                #expect(account.key == "sbx-\(vendor)-\(account.name)")
                #expect(account.allWebhooks.contains { $0.url.hasPrefix("https://old.acme.com/") })
            }
        }
    }

    @Test(arguments: VendorID.allCases)
    func generatedEventsComeFromTheVendorCatalogue(_ vendor: VendorID) {
        let fixture = SandboxFleet(vendors: [vendor], accountsPerVendor: 2, webhooksPerAccount: 12...12, seed: 5).makeFixture()
        let catalogue = Set(SandboxCatalogue.events(for: vendor).map(\.name))
        let webhooks = fixture.accounts.flatMap(\.allWebhooks)
        #expect(webhooks.count == 24)
        #expect(Set(webhooks.map(\.id)).count == webhooks.count)
        for webhook in webhooks {
            if let events = webhook.events {
                #expect(!events.isEmpty)
                #expect(events.allSatisfy(catalogue.contains))
            } else {
                #expect(vendor == .heygen, "only HeyGen webhooks may listen to all events")
            }
        }
    }

    @Test func catalogueSizesMatchTheDocs() {
        #expect(SandboxCatalogue.jogg.count == 22)
        #expect(SandboxCatalogue.argil.map(\.name) == VendorSchema.argilEvents)
        #expect(SandboxCatalogue.heygen.map(\.name).contains("avatar_video.success"))
        #expect(SandboxCatalogue.talkover.map(\.name).contains("event_conversation_started"))
        #expect(SandboxCatalogue.composio.map(\.name).contains("composio.trigger.message"))
    }

    @Test func generateOptionParsesAccountsByWebhooks() throws {
        let fleet = try SandboxFleet(parsing: "4x25", seed: 3)
        #expect(fleet.accountsPerVendor == 4)
        #expect(fleet.webhooksPerAccount == 25...25)
        #expect(fleet.makeFixture().accounts.count == 4 * VendorID.allCases.count)
    }

    /// `--generate 10x3000 --seed 7` once refused to start: nine random digits per JoggAI id
    /// gave one account the same id twice.
    @Test func largeAccountsGetDistinctIdentifiers() throws {
        let fixture = try SandboxFleet(parsing: "10x3000", seed: 7).makeFixture()
        for account in fixture.accounts {
            #expect(Set(account.allWebhooks.map(\.id)).count == 3000, "\(account.name)")
        }
        try fixture.validate(source: "generated")
    }

    @Test(arguments: ["4by25", "x", "0x3", "3x", "-1x2", "2x3x4"])
    func generateOptionRejectsMalformedText(_ text: String) {
        #expect(throws: SandboxError.self) { try SandboxFleet(parsing: text, seed: 1) }
    }

    @Test func rateOptionParsesVendorAndRate() throws {
        let parsed = try SandboxOptions.parseRateLimit("jogg=2.5/s")
        #expect(parsed.vendor == .jogg)
        #expect(parsed.requestsPerSecond == 2.5)
        #expect(try SandboxOptions.parseRateLimit("HeyGen=7").requestsPerSecond == 7)
        #expect(throws: SandboxError.self) { try SandboxOptions.parseRateLimit("slack=3/s") }
        #expect(throws: SandboxError.self) { try SandboxOptions.parseRateLimit("jogg=0/s") }
    }

    @Test func faultRatesMustBeFractionsThatFitTogether() {
        #expect(throws: SandboxError.self) { try SandboxFaults(failRate: 1.5).validate() }
        #expect(throws: SandboxError.self) { try SandboxFaults(failRate: 0.6, dropRate: 0.6).validate() }
        #expect(throws: Never.self) { try SandboxFaults(failRate: 0.2, dropRate: 0.3, slowRate: 0.5).validate() }
    }
}
