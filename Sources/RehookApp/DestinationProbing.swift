import RehookModel
import RehookProbe

/// Where a command's destination probes go, and the probing of a plan (`RehookProbe` owns
/// the probe itself; the review turns its results into findings).
enum DestinationProbing {
    /// The embedded sandbox's receiver with `--sandbox`; else `REHOOK_DESTINATION_RECEIVER`
    /// when set (a sandbox started apart), else every destination itself.
    static func routing(fleet: Fleet?, options: FleetOptions) -> ProbeRouting {
        routing(fleet: fleet, environment: options.environment)
    }

    /// The same, from the environment the command runs in.
    static func routing(fleet: Fleet?, environment: [String: String]) -> ProbeRouting {
        if let sandbox = fleet?.sandbox { return .receiver(port: sandbox.destinationPort) }
        return ProbeRouting(environment: environment)
    }

    /// `plan` with `probes` set: each distinct new URL probed once.
    static func probed(_ plan: Plan, routing: ProbeRouting) async -> Plan {
        var probed = plan
        probed.probes = await DestinationProbe(routing: routing).probe(plan)
        return probed
    }

    /// `probed(_:routing:)` for a plan read change by change: its header with `probes` set.
    static func probed(_ plan: StreamedPlan, routing: ProbeRouting) async throws -> StreamedPlan {
        var header = plan.header
        header.probes = await DestinationProbe(routing: routing).probe(urls: try plan.newDestinations())
        return plan.replacingHeader(header)
    }
}

extension DestinationProbing {
    /// Probes `destinations`, the new URLs of some changes (the canary's, those a resumed run has
    /// yet to apply, the REPL's): how many distinct URLs were probed, and one line per unreachable one.
    static func unreachable(_ destinations: [String], routing: ProbeRouting) async -> (probed: Int, problems: [String]) {
        let results = await DestinationProbe(routing: routing).probe(urls: destinations)
        return (results.count, results.filter { !$0.isReachable }.map {
            "destination \($0.destination) is unreachable: \($0.unreachableBecause)"
        })
    }
}
