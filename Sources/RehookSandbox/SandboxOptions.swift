import Foundation
import RehookModel

/// Faults injected into vendor requests, each a fraction of requests in 0...1, drawn from the
/// options' seed. Their sum must not exceed 1.
public struct SandboxFaults: Sendable, Hashable {
    /// Fraction answered with a 5xx in the vendor's error shape.
    public var failRate: Double
    /// Fraction whose TCP connection is closed without a response.
    public var dropRate: Double
    /// Fraction answered after `slowDelay`.
    public var slowRate: Double
    public var slowDelay: Duration

    public init(failRate: Double = 0, dropRate: Double = 0, slowRate: Double = 0, slowDelay: Duration = .seconds(3)) {
        self.failRate = failRate
        self.dropRate = dropRate
        self.slowRate = slowRate
        self.slowDelay = slowDelay
    }

    /// Throws when a rate is outside 0...1 or the rates add up to more than 1.
    public func validate() throws {
        for (option, rate) in [("--fail-rate", failRate), ("--drop-rate", dropRate), ("--slow-rate", slowRate)]
        where !(0...1).contains(rate) {
            throw SandboxError.invalidOption(option: option, value: String(rate), expected: "a fraction between 0 and 1")
        }
        if failRate + dropRate + slowRate > 1 {
            throw SandboxError.invalidOption(option: "--fail-rate + --drop-rate + --slow-rate",
                                             value: String(failRate + dropRate + slowRate), expected: "a sum of at most 1")
        }
    }
}

/// Where the sandbox's accounts and webhooks come from.
public enum SandboxSeed: Sendable {
    /// No accounts.
    case empty
    /// A fixture already in memory.
    case fixture(SandboxFixture)
    /// A fixture file (the `--fixture` option).
    case file(URL)
    /// A generated fleet.
    case fleet(SandboxFleet)

    func makeFixture() throws -> SandboxFixture {
        switch self {
        case .empty: SandboxFixture(accounts: [])
        case .fixture(let fixture): fixture
        case .file(let url): try SandboxFixture.load(from: url)
        case .fleet(let fleet): fleet.makeFixture()
        }
    }
}

/// How to run a sandbox.
public struct SandboxOptions: Sendable {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    public var port: Int
    /// Also serve each vendor alone on a port of its own (free ports), as real vendors are
    /// separate hosts; base URLs then point there.
    public var portPerVendor = false
    /// The initial state.
    public var seed: SandboxSeed
    /// Requests per second per account, by vendor; vendors not listed are not limited.
    public var rateLimits: [VendorID: Double]
    /// Added to every vendor response.
    public var latency: Duration
    public var faults: SandboxFaults
    /// Seeds the fault injector (and, through the CLI, the generated fleet).
    public var randomSeed: UInt64
    /// The rate limiter's clock.
    public var clock: SandboxClock
    /// The page size of a paged listing when the request gives none, by vendor; vendors not
    /// listed use their fake's own default.
    public var defaultPageSizes: [VendorID: Int]

    public init(port: Int = 0, seed: SandboxSeed = .fleet(.demo), rateLimits: [VendorID: Double] = [:],
                latency: Duration = .zero, faults: SandboxFaults = SandboxFaults(), randomSeed: UInt64 = 1,
                clock: SandboxClock = .system, defaultPageSizes: [VendorID: Int] = [:]) {
        self.port = port
        self.seed = seed
        self.rateLimits = rateLimits
        self.latency = latency
        self.faults = faults
        self.randomSeed = randomSeed
        self.clock = clock
        self.defaultPageSizes = defaultPageSizes
    }

    /// Parses `VENDOR=N/s` (or `VENDOR=N`), the `--rate` option.
    public static func parseRateLimit(_ text: String) throws -> (vendor: VendorID, requestsPerSecond: Double) {
        let invalid = SandboxError.invalidOption(option: "--rate", value: text,
                                                 expected: "VENDOR=N/s with VENDOR one of "
                                                     + VendorID.allCases.map(\.rawValue).joined(separator: ", ")
                                                     + " and N a positive number")
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let vendor = VendorID(rawValue: parts[0].lowercased()) else { throw invalid }
        var number = parts[1]
        if number.hasSuffix("/s") { number.removeLast(2) }
        guard let rate = Double(number), rate > 0, rate.isFinite else { throw invalid }
        return (vendor, rate)
    }

    /// Checks ports, rates and faults.
    public func validate() throws {
        guard (0...65_535).contains(port) else {
            throw SandboxError.invalidOption(option: "--port", value: String(port), expected: "0...65535")
        }
        try faults.validate()
        if latency < .zero {
            throw SandboxError.invalidOption(option: "--latency", value: "\(latency)", expected: "a duration of 0 or more")
        }
    }
}
