import RehookModel

/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so that
/// generated fleets and injected faults repeat run after run.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}

/// What the fault injector decided for one request.
enum InjectedFault: Sendable, Hashable {
    /// Close the connection without answering.
    case drop
    /// Answer with this 5xx status in the vendor's error shape.
    case serverError(status: Int)
    /// Answer normally after the configured delay.
    case slow
}

/// Draws one fault decision per vendor request from a seeded generator: the same seed and the
/// same order of requests give the same faults.
actor FaultInjector {
    private let faults: SandboxFaults
    private var generator: SeededGenerator

    init(faults: SandboxFaults, seed: UInt64) {
        self.faults = faults
        self.generator = SeededGenerator(seed: seed)
    }

    func next() -> InjectedFault? {
        guard faults.dropRate > 0 || faults.failRate > 0 || faults.slowRate > 0 else { return nil }
        let draw = generator.nextUnit()
        if draw < faults.dropRate { return .drop }
        if draw < faults.dropRate + faults.failRate {
            let statuses = [500, 502, 503]
            return .serverError(status: statuses[Int(generator.next() % UInt64(statuses.count))])
        }
        if draw < faults.dropRate + faults.failRate + faults.slowRate { return .slow }
        return nil
    }
}

/// Writes refused on purpose, per vendor: after the first `allowed` writes since the rule was
/// set, every write (PUT, PATCH) is answered `status` in the vendor's error shape, until cleared.
/// Tests set it in-process (`RunningSandbox.rejectWrites`), a shell with `PUT /_sandbox/faults/writes`.
actor WriteRejections {
    private struct Rule {
        var allowed: Int
        var status: Int
        var passed = 0
    }

    private var rules: [VendorID: Rule] = [:]

    func reject(_ vendor: VendorID, afterFirst allowed: Int, status: Int) {
        rules[vendor] = Rule(allowed: max(0, allowed), status: status)
    }

    func clear(_ vendor: VendorID) { rules[vendor] = nil }

    /// The status to refuse this write with, or nil to let it through (and count it).
    func refusal(for vendor: VendorID) -> Int? {
        guard var rule = rules[vendor] else { return nil }
        if rule.passed < rule.allowed {
            rule.passed += 1
            rules[vendor] = rule
            return nil
        }
        return rule.status
    }
}
