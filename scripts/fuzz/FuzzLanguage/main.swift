import RehookLanguage

/// libFuzzer entry point: lex, parse, check and render arbitrary bytes. Any crash, hang or
/// sanitizer report is a bug. Build and run with `scripts/fuzz/run FuzzLanguage SECONDS`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(path: "fuzz.rehook", bytes: UnsafeBufferPointer(start: data, count: size))
    let checked = Frontend.check(source)
    _ = DiagnosticRenderer(colored: true).render(checked.diagnostics, in: source)
    _ = SExpression.dump(checked.script)
    // Evaluating the lets may fail with a RuntimeError (expected); it must never crash.
    for binding in checked.script.bindings { _ = try? checked.evaluator.evaluate(binding.value, webhook: nil) }
    return 0
}
