import Foundation

/// What probing one new delivery URL found (`RehookProbe.DestinationProbe`): which phase
/// failed, or the HTTP status of a request that runs no handler. Recorded in a plan
/// (`Plan.probes`) beside the review, not part of its digest: a probe's time differs each run.
public struct DestinationProbeResult: Sendable, Codable, Hashable {
    /// The phase a probe goes through, in order; a failure names the first that failed.
    public enum Phase: String, Sendable, Codable, Hashable {
        case url, dns, tcp, tls, http
    }

    /// How the TLS certificate was checked.
    public enum TLSCheck: String, Sendable, Codable, Hashable {
        /// Valid for the host and not expired.
        case verified
        /// The sandbox's receiver answered for the host over plain HTTP on loopback.
        case simulated
        /// A plain `http` URL.
        case none
    }

    /// The URL as displayed: credentials masked (`URLCredentials`).
    public var url: String
    /// `host[:port]/path`, masked the same way.
    public var destination: String
    /// The HTTP status of the answer, when there was one.
    public var status: Int?
    /// `HEAD`, or `OPTIONS` when the destination refused HEAD.
    public var method: String?
    /// The phase that failed; `nil` when an HTTP answer came back.
    public var failedPhase: Phase?
    /// What went wrong, for a reader (no secret: the URL is masked).
    public var detail: String?
    /// Whole milliseconds from the start of the probe to its answer or failure.
    public var milliseconds: Int
    public var tls: TLSCheck

    public init(url: String, destination: String, status: Int?, method: String?, failedPhase: Phase?, detail: String?,
                milliseconds: Int, tls: TLSCheck) {
        self.url = url
        self.destination = destination
        self.status = status
        self.method = method
        self.failedPhase = failedPhase
        self.detail = detail
        self.milliseconds = milliseconds
        self.tls = tls
    }

    private enum CodingKeys: String, CodingKey {
        case url, destination, status, method, failedPhase = "failed_phase", detail, milliseconds, tls
    }

    /// A probe slower than this is a review warning.
    public static let slowMilliseconds = 2_000

    /// Any HTTP answer but 404, 410 and 5xx: a handler could be behind it.
    public var isReachable: Bool {
        guard failedPhase == nil, let status else { return false }
        return status != 404 && status != 410 && !(500...599).contains(status)
    }

    public var isSlow: Bool { milliseconds > Self.slowMilliseconds }

    /// `HEAD 404`, `tcp: connection refused`: what the probe saw, in a few words.
    public var outcome: String {
        if let failedPhase { return "\(failedPhase.rawValue) failed" + (detail.map { ": \($0)" } ?? "") }
        return [method, status.map(String.init)].compactMap { $0 }.joined(separator: " ")
    }
}

/// Where probes connect: each destination itself, or the sandbox's receiver on loopback for
/// every host (`--sandbox`, and `REHOOK_DESTINATION_RECEIVER` for a sandbox started apart).
public enum ProbeRouting: Sendable, Hashable {
    case direct
    /// Every destination host answered by `http://127.0.0.1:port`, TLS reported as simulated.
    case receiver(port: Int)

    /// The variable naming a receiver to route every probe to: `http://127.0.0.1:PORT`.
    public static let receiverVariable = "REHOOK_DESTINATION_RECEIVER"

    /// `.receiver` when `REHOOK_DESTINATION_RECEIVER` names a loopback port, else `.direct`.
    public init(environment: [String: String]) {
        guard let value = environment[Self.receiverVariable], let url = URLComponents(string: value),
              url.host == "127.0.0.1", let port = url.port else {
            self = .direct
            return
        }
        self = .receiver(port: port)
    }
}
