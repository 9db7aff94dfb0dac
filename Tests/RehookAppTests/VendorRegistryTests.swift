import Foundation
import RehookModel
import RehookVendors
import Testing
@testable import RehookSandbox

/// Every registered vendor has every part docs/adding-a-vendor.md lists: a descriptor with a
/// schema, an adapter, a sandbox fake with a fixture generator, its folders, and its docs rows.
@Suite struct VendorRegistryTests {
    static let vendors = VendorID.allCases

    @Test func registryNamesEachVendorOnceInOrder() {
        let names = VendorRegistry.descriptors.map(\.id.rawValue)
        #expect(Set(names).count == names.count)
        #expect(VendorID.allCases == VendorRegistry.descriptors.map(\.id))
        #expect(VendorID.allCases.sorted() == VendorID.allCases)
        for vendor in VendorID.allCases { #expect(VendorID(rawValue: vendor.rawValue) == vendor) }
        #expect(VendorID(rawValue: "slack") == nil)
    }

    @Test func adaptersAndFakesAreRegisteredForExactlyTheRegisteredVendors() {
        #expect(VendorAdapters.supportedVendors == VendorID.allCases)
        #expect(Sandbox.fakedVendors == VendorID.allCases)
    }

    @Test(arguments: vendors)
    func descriptorIsComplete(_ vendor: VendorID) {
        let descriptor = vendor.descriptor
        #expect(descriptor.schema.vendor == descriptor.id)
        #expect(!descriptor.schema.settableFields.isEmpty, "\(descriptor.id) has no settable field")
        #expect(descriptor.schema.spec(.url)?.settable == true, "\(descriptor.id) cannot set its URL")
        #expect(!descriptor.displayName.isEmpty && !descriptor.keyVariable.isEmpty)
        #expect(descriptor.baseURL.hasPrefix("https://"), "\(descriptor.baseURL)")
        #expect(!descriptor.authorization.name.isEmpty)
    }

    @Test(arguments: vendors)
    func fakeServesAndGeneratesAFleet(_ vendor: VendorID) throws {
        guard Sandbox.fakedVendors.contains(vendor) else {
            Issue.record("\(vendor) has no sandbox fake in FakeRegistry")
            return
        }
        #expect(Sandbox.pathPrefix(for: vendor).hasPrefix("/"))
        #expect(!SandboxCatalogue.events(for: vendor).isEmpty, "\(vendor) has an empty event catalogue")
        let fixture = SandboxFleet(vendors: [vendor], accountsPerVendor: 2, webhooksPerAccount: 4...4).makeFixture()
        try fixture.validate(source: "generated \(vendor) fleet")
        #expect(fixture.accounts.map(\.vendor) == [vendor, vendor])
        #expect(fixture.accounts.allSatisfy { $0.allWebhooks.count == 4 })
    }

    @Test(arguments: vendors)
    func eachPartLivesInTheVendorsFolders(_ vendor: VendorID) {
        let descriptor = vendor.descriptor
        let folder = descriptor.displayName
        for directory in ["Sources/RehookModel/Vendors/\(folder)", "Sources/RehookVendors/\(folder)",
                          "Sources/RehookSandbox/\(folder)"] {
            #expect(!SourceTree.swiftFiles(under: directory).isEmpty, "\(descriptor.id): no Swift file in \(directory)")
        }
    }

    @Test(arguments: vendors)
    func docsHaveTheVendorsRows(_ vendor: VendorID) throws {
        let descriptor = vendor.descriptor
        let vendors = try SourceTree.read("docs/vendors.md")
        #expect(vendors.contains("\n## \(descriptor.displayName)\n"), "docs/vendors.md has no '## \(descriptor.displayName)'")
        let configuration = try SourceTree.read("docs/configuration.md")
        let id = descriptor.id.rawValue
        let keyRow = "| \(id) | `\(descriptor.keyVariable)` | `\(id)` |"
        #expect(configuration.contains(keyRow), "docs/configuration.md lacks \(keyRow)")
        let rates = descriptor.defaultRates
        let rateRow = "| \(id) | \(rates.overall?.description ?? "unlimited") | \(rates.writes?.description ?? "—") |"
        #expect(configuration.contains(rateRow), "docs/configuration.md lacks \(rateRow)")
        guard Sandbox.fakedVendors.contains(descriptor.id) else { return }  // reported by fakeServesAndGeneratesAFleet
        let sandboxRow = "| \(id) | `http://127.0.0.1:PORT\(Sandbox.pathPrefix(for: descriptor.id))` |"
        #expect(try SourceTree.read("docs/sandbox.md").contains(sandboxRow), "docs/sandbox.md lacks \(sandboxRow)")
    }
}
