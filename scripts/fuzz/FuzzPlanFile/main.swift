import Foundation
import RehookModel
import RehookOutput
import RehookPlanning

/// libFuzzer entry point: arbitrary bytes as a plan file and as an inventory file. Decoding
/// may refuse them (expected); it must never crash. What decodes must survive a round trip
/// (encode → decode gives the same value) and render. Run with `scripts/fuzz/run FuzzPlanFile SECONDS`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlanFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    if let plan = try? PlanFile.decode(bytes, path: "fuzz.plan.json") {
        guard let again = try? PlanFile.decode(PlanFile.encode(plan), path: "re-encoded") else {
            fatalError("a decoded plan does not decode after encoding")
        }
        if again != plan { fatalError("a plan changed in an encode/decode round trip") }
        _ = HumanPlanRenderer.render(plan, options: RenderOptions(colorMode: .always, width: 60))
        _ = MarkdownPlanRenderer.render(plan)
    }
    if let inventory = try? InventoryFile.decode(bytes, path: "fuzz.inventory.json") {
        guard let again = try? InventoryFile.decode(InventoryFile.encode(inventory), path: "re-encoded") else {
            fatalError("a decoded inventory does not decode after encoding")
        }
        if again != inventory { fatalError("an inventory changed in an encode/decode round trip") }
        _ = inventory.accounts.reduce(0) { $0 + $1.webhooks.count }
    }
    return 0
}
