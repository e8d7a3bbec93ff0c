// swift-tools-version:6.0
// libFuzzer targets for ganfilter's readers of untrusted files. Build and run with Fuzz/run.sh (it passes
// -sanitize=fuzzer,address); a plain `swift build` here builds them without instrumentation.
import PackageDescription

let package = Package(
    name: "ganfilter-fuzz",
    dependencies: [.package(name: "ganfilter", path: "..")],
    targets: [
        .target(name: "FuzzEntry"),
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzPNG", dependencies: ["FuzzEntry", .product(name: "MaskImage", package: "ganfilter")]),
        .executableTarget(name: "FuzzLatentCSV", dependencies: [
            "FuzzEntry", "FuzzSupport", .product(name: "LatentPrefilter", package: "ganfilter"),
            .product(name: "FileIO", package: "ganfilter"),
        ]),
        .executableTarget(name: "FuzzLatentNpz", dependencies: ["FuzzEntry", "FuzzSupport",
                                                                .product(name: "LatentPrefilter", package: "ganfilter")]),
        .executableTarget(name: "FuzzMaskStack", dependencies: ["FuzzEntry", "FuzzSupport",
                                                                .product(name: "MaskImage", package: "ganfilter")]),
        .executableTarget(name: "FuzzNumpy", dependencies: ["FuzzEntry", "FuzzSupport",
                                                            .product(name: "NumpyFormats", package: "ganfilter")]),
        .executableTarget(name: "FuzzModelFile", dependencies: [
            "FuzzEntry", "FuzzSupport", .product(name: "MaskFilter", package: "ganfilter"),
            .product(name: "LatentPrefilter", package: "ganfilter"), .product(name: "Learning", package: "ganfilter"),
            .product(name: "Matrices", package: "ganfilter"), .product(name: "FileIO", package: "ganfilter"),
        ]),
        .executableTarget(name: "FuzzReferenceCache", dependencies: [
            "FuzzEntry", .product(name: "MaskFilter", package: "ganfilter"), .product(name: "Realism", package: "ganfilter"),
            .product(name: "MaskImage", package: "ganfilter"), .product(name: "FileIO", package: "ganfilter"),
        ]),
        .executableTarget(name: "FuzzTables", dependencies: [
            "FuzzEntry", "FuzzSupport", .product(name: "MaskFilter", package: "ganfilter"),
            .product(name: "LatentPrefilter", package: "ganfilter"), .product(name: "MaskFeatures", package: "ganfilter"),
            .product(name: "FileIO", package: "ganfilter"),
        ]),
    ]
)
