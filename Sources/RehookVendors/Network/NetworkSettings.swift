import Foundation
import RehookModel

/// How rehook's one HTTP client reaches vendors: timeouts, extra trusted CAs, the proxies and
/// the `User-Agent`. Built from `rehook.toml` (`connect_timeout`, `request_timeout`, `ca_file`)
/// and the environment (`SSL_CERT_FILE`, the proxy variables) by `NetworkSettings.resolve`.
public struct NetworkSettings: Sendable, Hashable {
    /// Seconds to establish a connection.
    public var connectTimeout: Int
    /// Seconds one attempt may take in all, connecting and reading included.
    public var requestTimeout: Int
    /// PEM files whose certificates are trusted besides the system's.
    public var caFiles: [String]
    public var proxies: ProxyRoutes
    public var userAgent: String

    public static let defaultConnectTimeout = 4
    public static let defaultRequestTimeout = 60
    /// The longest silence while reading a response, within `requestTimeout`.
    public static let longestReadSilence = 30

    public init(connectTimeout: Int = defaultConnectTimeout, requestTimeout: Int = defaultRequestTimeout,
                caFiles: [String] = [], proxies: ProxyRoutes = ProxyRoutes(), userAgent: String = RehookVersion.userAgent) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.caFiles = caFiles
        self.proxies = proxies
        self.userAgent = userAgent
    }

    /// Seconds of silence allowed while waiting for response bytes.
    public var readTimeout: Int { min(Self.longestReadSilence, requestTimeout) }

    /// The settings of a configuration in an environment: its timeouts and `ca_file`, plus
    /// `SSL_CERT_FILE` and the proxy variables. Fails naming a CA file that holds no certificate.
    public static func resolve(_ configuration: NetworkConfiguration, environment: [String: String])
        throws(ConfigurationError) -> NetworkSettings {
        var caFiles = configuration.caFile.map { [$0] } ?? []
        if let file = environment["SSL_CERT_FILE"], !file.isEmpty {
            try checkCertificates(in: file, from: "SSL_CERT_FILE")
            caFiles.append(file)
        }
        return NetworkSettings(connectTimeout: configuration.connectTimeout ?? defaultConnectTimeout,
                               requestTimeout: configuration.requestTimeout ?? defaultRequestTimeout,
                               caFiles: caFiles, proxies: try ProxyRoutes(environment: environment))
    }

    /// Fails unless `path` is a readable PEM file with at least one certificate.
    public static func checkCertificates(in path: String, from origin: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(origin): cannot read the CA file \(path)")
        }
        guard String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw ConfigurationError("\(origin): \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
    }
}

/// The network part of `rehook.toml`: what the file sets, `nil` where it keeps the default.
public struct NetworkConfiguration: Sendable, Hashable {
    public var connectTimeout: Int?
    public var requestTimeout: Int?
    public var caFile: String?

    public init(connectTimeout: Int? = nil, requestTimeout: Int? = nil, caFile: String? = nil) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.caFile = caFile
    }
}
