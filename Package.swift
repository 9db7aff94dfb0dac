// swift-tools-version: 6.1
import PackageDescription
import class Foundation.ProcessInfo

/// rehook: one module per phase of the pipeline
/// (model → language → vendors → sandbox → planning → execution → REPL → app → CLI).
var package = Package(
    name: "rehook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rehook", targets: ["rehook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already in the graph through the two above; named because our code imports them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // SHA-256 for plan digests and masked credentials (in the graph through async-http-client).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The sandbox's servers stop gracefully (in the graph through hummingbird).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Vendor-neutral webhook model, field catalogue and plan format. No networking, no DSL.
        .target(name: "RehookModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The language front end: lexer, parser, checker, diagnostics. No networking.
        .target(name: "RehookLanguage", dependencies: ["RehookModel"]),
        // One adapter per vendor API, the per-account request pipeline (pacing, retries), HTTP
        // transport (proxies, CAs, timeouts), the request log, accounts and configuration.
        .target(name: "RehookVendors", dependencies: [
            "RehookModel",
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A local HTTP server that plays all five vendor APIs.
        .target(name: "RehookSandbox", dependencies: [
            "RehookModel",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The destination probe: DNS, TCP, TLS and a HEAD/OPTIONS request to each new delivery URL.
        // Its own HTTP client: no vendor pipeline, no key.
        .target(name: "RehookProbe", dependencies: [
            "RehookModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Review checks of a plan: plain http, private hosts, allow_hosts, dropped events, blast radius.
        .target(name: "RehookReview", dependencies: ["RehookModel"]),
        // The output layer's renderers of a plan: human diff, JSON, Markdown; terminal colour.
        .target(name: "RehookOutput", dependencies: ["RehookModel"]),
        // Interpreter: script + live inventory → plan.
        .target(name: "RehookPlanning", dependencies: [
            "RehookModel", "RehookLanguage",
        ]),
        // Concurrent execution of a plan: stale check, journal, resume, rollback. No DSL. Its
        // writes go through the vendors' account pipelines, whose attempts it journals.
        .target(name: "RehookExecution", dependencies: ["RehookModel", "RehookVendors"]),
        // GNU readline through a system library.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // Interactive REPL.
        .target(name: "RehookREPL", dependencies: [
            "CReadline", "RehookModel", "RehookLanguage",
        ]),
        // What each command does, as library code the thin CLI calls.
        .target(name: "RehookApp", dependencies: [
            "RehookModel", "RehookLanguage", "RehookVendors", "RehookSandbox",
            "RehookPlanning", "RehookReview", "RehookOutput", "RehookExecution", "RehookREPL", "RehookProbe",
            .product(name: "Logging", package: "swift-log"),
            // Each command's options are ParsableArguments groups here, handed over whole.
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The command line: declares the commands, parses arguments, calls RehookApp.
        .executableTarget(name: "rehook", dependencies: [
            "RehookApp", "RehookModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "RehookModelTests", dependencies: ["RehookModel", "RehookTestSupport"]),
        .testTarget(name: "RehookLanguageTests", dependencies: ["RehookLanguage", "RehookModel", "RehookTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "RehookVendorsTests", dependencies: ["RehookVendors", "RehookModel", "RehookTestSupport"],
                    exclude: ["Corpus"]),
        .testTarget(name: "RehookSandboxTests", dependencies: [
            "RehookSandbox", "RehookModel",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "RehookPlanningTests", dependencies: [
            "RehookPlanning", "RehookModel", "RehookLanguage", "RehookTestSupport",
        ]),
        .testTarget(name: "RehookReviewTests", dependencies: ["RehookReview", "RehookModel", "RehookTestSupport"]),
        .testTarget(name: "RehookOutputTests", dependencies: ["RehookOutput", "RehookReview", "RehookModel", "RehookTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "RehookExecutionTests", dependencies: ["RehookExecution", "RehookModel", "RehookVendors",
                                                                "RehookTestSupport"]),
        // Test helpers shared by test targets (a pseudo-terminal driver).
        .target(name: "RehookTestSupport", dependencies: ["RehookModel"], path: "Tests/RehookTestSupport"),
        .testTarget(name: "RehookREPLTests", dependencies: ["RehookREPL", "RehookModel", "RehookTestSupport"]),
        .testTarget(name: "RehookAppTests", dependencies: [
            "RehookApp", "RehookModel", "RehookPlanning", "RehookVendors", "RehookSandbox", "RehookExecution",
        ]),
        .testTarget(name: "RehookEndToEndTests", dependencies: [
            "rehook", "RehookSandbox", "RehookModel", "RehookTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

/// Executables under `scripts/` that a plain `swift build` must not see, added when `variable`
/// is set in the environment.
@MainActor func addExecutables(whenSet variable: String, _ tools: [(name: String, dependencies: [Target.Dependency], path: String)]) {
    guard ProcessInfo.processInfo.environment[variable] != nil else { return }
    for tool in tools {
        package.targets.append(.executableTarget(name: tool.name, dependencies: tool.dependencies, path: tool.path))
        package.products.append(.executable(name: tool.name, targets: [tool.name]))
    }
}

// libFuzzer targets have no `main`, so they are added only on request:
//   REHOOK_FUZZ=1 swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product FuzzLanguage
addExecutables(whenSet: "REHOOK_FUZZ", [
    ("FuzzLanguage", ["RehookLanguage"], "scripts/fuzz/FuzzLanguage"),
    ("FuzzPlanFile", ["RehookOutput", "RehookPlanning", "RehookModel"], "scripts/fuzz/FuzzPlanFile"),
    ("FuzzVendorResponses", ["RehookVendors", "RehookModel"], "scripts/fuzz/FuzzVendorResponses"),
])

// The HTTP client's and the engine's own ceilings for scripts/bench/apply, and the planner's for
// scripts/bench/plan, built only on request:
//   REHOOK_BENCH=1 swift build -c release --product BenchTransport   (and BenchEngine, BenchPlan)
addExecutables(whenSet: "REHOOK_BENCH", [
    ("BenchTransport", ["RehookVendors"], "scripts/bench/BenchTransport"),
    ("BenchEngine", ["RehookExecution", "RehookModel", "RehookVendors"], "scripts/bench/BenchEngine"),
    ("BenchPlan", ["RehookPlanning", "RehookLanguage", "RehookModel", "RehookReview", "RehookOutput"], "scripts/bench/BenchPlan"),
])
