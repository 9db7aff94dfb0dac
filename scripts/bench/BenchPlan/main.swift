// Where offline planning's time goes, for scripts/bench/plan: decodes an inventory file,
// checks a script, plans, reviews, renders the human diff and encodes the plan file, timing each
// phase inside the process (one thread each but evaluation and rendering, which use every core).
// Prints `decode_ms=… evaluate_ms=… changes=… review_ms=… render_ms=… encode_ms=…`. Kept out of
// the product binary.
//
//   REHOOK_BENCH=1 swift build -c release --product BenchPlan
//   BenchPlan --inventory INVENTORY.json --script SCRIPT.rehook
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4, arguments[0] == "--inventory", arguments[2] == "--script" else {
    FileHandle.standardError.write(Data("usage: BenchPlan --inventory INVENTORY.json --script SCRIPT.rehook\n".utf8))
    exit(64)
}

/// Milliseconds with one decimal, e.g. `612.9`.
func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let tenths = Int(((Double(seconds) * 1_000 + Double(attoseconds) / 1e15) * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

do {
    let result = try PlanBenchmark.run(inventoryPath: arguments[1], scriptPath: arguments[3])
    print("decode_ms=\(milliseconds(result.decode)) evaluate_ms=\(milliseconds(result.evaluate)) changes=\(result.changes)"
          + " review_ms=\(milliseconds(result.review)) render_ms=\(milliseconds(result.render)) encode_ms=\(milliseconds(result.encode))")
} catch {
    FileHandle.standardError.write(Data("BenchPlan: \(error.description)\n".utf8))
    exit(1)
}
