// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PeerPlan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peerplan", targets: ["peerplan"]),
        .library(name: "PeerPlanCore", targets: ["PeerPlanCore"]),
        .library(name: "PeerPlanStore", targets: ["PeerPlanStore"]),
        .library(name: "PeerPlanCalendar", targets: ["PeerPlanCalendar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        // Pure Swift: domain types, rules and engines. No I/O.
        .target(name: "PeerPlanCore"),
        // SQLite store (GRDB): schema, migrations, records, importers, Config loading.
        .target(
            name: "PeerPlanStore",
            dependencies: [
                "PeerPlanCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // Password hashing for web accounts (bcrypt; the C code only, no HTTP).
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // libical as a system library; only PeerPlanCalendar imports it (and the dev-only
        // PeerPlanBenchSupport, to time libical alone).
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(name: "PeerPlanCalendar", dependencies: ["CLibical", "PeerPlanCore"]),
        // Calendars in and out of the store: publishing schedules as iCalendar (export, feeds,
        // SEQUENCE bookkeeping) and reading teachers' busy times from .ics files. No SQL: the store
        // reads and writes for it.
        .target(name: "PeerPlanExchange", dependencies: ["PeerPlanCore", "PeerPlanStore", "PeerPlanCalendar"]),
        // The web app over HTTP (Hummingbird): sign-in, sessions and roles, server-rendered pages
        // (Mustache templates and the stylesheet are resources), and the calendar subscription feeds
        // (tokens in the store, calendars from a CalendarSource seam; rendering lives elsewhere).
        .target(name: "PeerPlanWeb", dependencies: ["PeerPlanCore", "PeerPlanStore", "PeerPlanReports", "PeerPlanExchange",
                                                    .product(name: "Hummingbird", package: "hummingbird"),
                                                    .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                                                    .product(name: "Mustache", package: "swift-mustache"),
                                                    .product(name: "Logging", package: "swift-log")],
                resources: [.copy("Templates"), .copy("Static")]),
        // Every report a person reads (text, CSV, JSON, HTML) and the one wording of each reason:
        // pure functions from report values to text, shared by the command line and the web app.
        .target(name: "PeerPlanReports", dependencies: ["PeerPlanCore", "PeerPlanStore"]),
        // Synthetic districts written in the import formats (streaming, seeded).
        .target(name: "PeerPlanGenerator", dependencies: ["PeerPlanCore"]),
        .executableTarget(
            name: "peerplan",
            dependencies: [
                "PeerPlanCore", "PeerPlanStore", "PeerPlanCalendar", "PeerPlanExchange", "PeerPlanGenerator", "PeerPlanWeb", "PeerPlanReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks, not product: synthetic workloads and a plain libical baseline, and the
        // `peerplan-bench` executable that times the engines with them (`peerplan` links neither).
        .target(name: "PeerPlanBenchSupport", dependencies: ["CLibical", "PeerPlanCore", "PeerPlanCalendar", "PeerPlanStore"]),
        .executableTarget(
            name: "peerplan-bench",
            dependencies: [
                "PeerPlanBenchSupport", "PeerPlanCore", "PeerPlanStore", "PeerPlanCalendar", "PeerPlanExchange", "PeerPlanGenerator", "PeerPlanReports", "PeerPlanWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing, not product: the targets hostile bytes are fed to, and `peerplan-fuzz`, which is
        // libFuzzer's entry point when built with `-sanitize=fuzzer` (`make fuzz`) and otherwise
        // replays inputs (a corpus, a crash file).
        .target(name: "PeerPlanFuzzTargets", dependencies: ["PeerPlanCore", "PeerPlanStore", "PeerPlanCalendar"]),
        .executableTarget(name: "peerplan-fuzz", dependencies: ["PeerPlanFuzzTargets"]),
        // Set-up the test targets share (scratch folders, the repository's Config and Fixtures, a
        // district imported and paired). A plain target under Tests/: no product links it.
        .target(name: "PeerPlanTestSupport", dependencies: ["PeerPlanStore", "PeerPlanCore"], path: "Tests/PeerPlanTestSupport"),
        .testTarget(name: "PeerPlanCoreTests", dependencies: ["PeerPlanCore"]),
        .testTarget(name: "PeerPlanFuzzTargetsTests", dependencies: ["PeerPlanFuzzTargets", "PeerPlanTestSupport"]),
        .testTarget(name: "PeerPlanReportsTests", dependencies: ["PeerPlanReports", "PeerPlanStore", "PeerPlanCore", "PeerPlanTestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "PeerPlanStoreTests",
            dependencies: ["PeerPlanStore", "PeerPlanCore", "PeerPlanReports", "PeerPlanTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "PeerPlanCalendarTests", dependencies: ["PeerPlanCalendar", "PeerPlanCore", "PeerPlanTestSupport"]),
        .testTarget(
            name: "PeerPlanExchangeTests",
            dependencies: ["PeerPlanExchange", "PeerPlanStore", "PeerPlanCalendar", "PeerPlanCore", "PeerPlanTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "PeerPlanWebTests",
            dependencies: ["PeerPlanWeb", "PeerPlanStore", "PeerPlanCore", "PeerPlanTestSupport", "PeerPlanExchange",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "PeerPlanGeneratorTests", dependencies: ["PeerPlanGenerator", "PeerPlanCore", "PeerPlanTestSupport"]),
        .testTarget(name: "peerplanTests", dependencies: ["peerplan", "PeerPlanStore", "PeerPlanTestSupport", "PeerPlanBenchSupport"]),
        // Reads Sources/ and README.md: the module map and its ownership rules, checked.
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "PeerPlanBenchSupportTests", dependencies: ["PeerPlanBenchSupport", "PeerPlanCore"]),
    ],
    swiftLanguageModes: [.v6]
)
