// swift-tools-version:6.0
import PackageDescription

// Layers point one way: EvalCore (data, loaders, metrics; no terminal)
// <- TermUI (cells, buffer, widgets, themes; no ncurses)
// <- EvalTUI (app state, reducer, screens) <- evaltop (argument parsing, wiring, ncurses backend).
let package = Package(
    name: "evaltop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "evaltop", targets: ["evaltop"]),
        .library(name: "EvalCore", targets: ["EvalCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Heap: the bounded per-concept extremes of `evaltop summarize`.
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .target(
            name: "EvalCore",
            dependencies: ["CMappedFileGuard", .product(name: "HeapModule", package: "swift-collections")],
            resources: [.copy("Resources/example.csv"), .copy("Resources/digits_images")]
        ),
        // A mapped evaluation file cut short while it is read: an error, not SIGBUS.
        .target(name: "CMappedFileGuard"),
        .target(
            name: "TermUI",
            dependencies: ["EvalCore", "ImageKit", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Resources/Themes")]
        ),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "CTermGuard"),
        // Image decoding and scaling: Debian's prebuilt stb_image and stb_image_resize.
        .systemLibrary(
            name: "CStb",
            pkgConfig: "stb",
            providers: [.apt(["libstb-dev"])]
        ),
        // Where images come from, decoding off the main loop, the cache, header reads; no terminal.
        .target(
            name: "ImageKit",
            dependencies: ["EvalCore", "CStb"]
        ),
        .target(
            name: "EvalTUI",
            dependencies: ["EvalCore", "ImageKit", "TermUI"]
        ),
        .executableTarget(
            name: "evaltop",
            dependencies: [
                "EvalCore", "ImageKit", "TermUI", "EvalTUI", "CNcursesw", "CTermGuard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "evaltop-bench",
            dependencies: ["EvalCore", "ImageKit"]
        ),
        // libFuzzer harness: built by scripts/fuzz.sh with -sanitize=fuzzer,address (see FUZZING.md).
        .executableTarget(
            name: "evaltop-fuzz",
            dependencies: ["EvalCore", "TermUI"]
        ),
        .testTarget(
            name: "EvalCoreTests",
            dependencies: [
                "EvalCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TermUITests", dependencies: ["TermUI", "EvalCore", "ImageKit"]),
        .testTarget(name: "ImageKitTests", dependencies: ["ImageKit", "EvalCore"]),
        .testTarget(name: "EvalTUITests", dependencies: ["EvalTUI", "EvalCore", "TermUI", "ImageKit"], resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v6]
)
