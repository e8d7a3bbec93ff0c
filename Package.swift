// swift-tools-version:6.0
import PackageDescription

/// Mask code counts bits word by word; x86-64's baseline has no population-count instruction, so without this
/// every `nonzeroBitCount` is a dozen instructions. POPCNT is in every x86-64 processor since 2008
/// (x86-64-v2); other architectures have theirs in the baseline.
#if arch(x86_64)
let bitCounting: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mpopcnt"])]
#else
let bitCounting: [SwiftSetting] = []
#endif

let package = Package(
    name: "ganfilter",
    products: [
        .executable(name: "ganfilter", targets: ["ganfilter"]),
        .library(name: "MaskImage", targets: ["MaskImage"]),
        .library(name: "SymmetryFeatures", targets: ["SymmetryFeatures"]),
        .library(name: "AnatomyFeatures", targets: ["AnatomyFeatures"]),
        .library(name: "Realism", targets: ["Realism"]),
        .library(name: "FileIO", targets: ["FileIO"]),
        .library(name: "SeededRandom", targets: ["SeededRandom"]),
        .library(name: "Parallelism", targets: ["Parallelism"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "MaskFilter", targets: ["MaskFilter"]),
        .library(name: "NumpyFormats", targets: ["NumpyFormats"]),
        .library(name: "BatchRunning", targets: ["BatchRunning"]),
        .library(name: "LatentPrefilter", targets: ["LatentPrefilter"]),
        .library(name: "Synthesis", targets: ["Synthesis"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Study", targets: ["Study"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev", "zlib1g-dev"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .target(name: "CPNGShim", dependencies: ["CLibPNG"], exclude: ["README.md"]),
        .target(name: "MaskImage", dependencies: ["CPNGShim", "FileIO"], exclude: ["README.md"], swiftSettings: bitCounting),
        .target(name: "AnatomyFeatures", dependencies: ["MaskImage"], exclude: ["README.md"], swiftSettings: bitCounting),
        .target(name: "Realism", dependencies: ["MaskImage", "FileIO", "BatchRunning"], exclude: ["README.md"], swiftSettings: bitCounting),
        .target(name: "SymmetryFeatures", dependencies: ["MaskImage", "AnatomyFeatures", "Realism", "FileIO", "Parallelism"], exclude: ["README.md"], swiftSettings: bitCounting),
        .target(name: "FileIO", dependencies: ["CZlib", "Parallelism"], exclude: ["README.md"]),
        .target(name: "SeededRandom", exclude: ["README.md"]),
        .target(name: "Parallelism", exclude: ["README.md"]),
        .target(name: "CDenseKernels", exclude: ["README.md"], cSettings: [.unsafeFlags(["-ffp-contract=off"])]),
        .target(name: "Learning", dependencies: ["SeededRandom", "Parallelism", "CDenseKernels"], exclude: ["README.md"]),
        .target(name: "NumpyFormats", dependencies: ["FileIO", "CZlib", "Learning"], exclude: ["README.md"]),
        .target(name: "BatchRunning", dependencies: ["FileIO", "NumpyFormats"], exclude: ["README.md"]),
        .target(name: "LatentPrefilter", dependencies: ["Learning", "FileIO", "NumpyFormats", "SeededRandom", "Parallelism"], exclude: ["README.md"]),
        .target(name: "MaskFilter", dependencies: ["Learning", "SymmetryFeatures", "FileIO", "BatchRunning", "Realism", "MaskImage", "Parallelism"], exclude: ["README.md"]),
        .target(name: "Reports", dependencies: ["FileIO", "Learning", "MaskFilter", "LatentPrefilter"], exclude: ["README.md"]),
        .target(name: "Study", dependencies: ["FileIO", "BatchRunning", "SymmetryFeatures", "Realism", "Learning", "MaskFilter", "LatentPrefilter",
                                               "Synthesis", "Reports"], exclude: ["README.md"]),
        .target(name: "Synthesis", dependencies: ["MaskImage", "SeededRandom", "FileIO", "Parallelism", "LatentPrefilter", "Learning"],
                exclude: ["README.md"]),
        .executableTarget(
            name: "ganfilter",
            dependencies: [
                "MaskImage", "SymmetryFeatures", "FileIO", "BatchRunning", "Synthesis", "Learning", "MaskFilter", "LatentPrefilter", "NumpyFormats",
                "Reports", "Study", "CMalloc", "Parallelism",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .target(name: "BenchmarkSupport", path: "Benchmarks/BenchmarkSupport"),
        .executableTarget(
            name: "MaskFeaturesBenchmark",
            dependencies: ["MaskImage", "SymmetryFeatures", "Realism", "FileIO", "BatchRunning", "Synthesis", "Parallelism", "BenchmarkSupport"],
            path: "Benchmarks/MaskFeaturesBenchmark"
        ),
        .executableTarget(
            name: "LearningBenchmark",
            dependencies: ["Learning", "SeededRandom", "BenchmarkSupport"],
            path: "Benchmarks/LearningBenchmark"
        ),
        .executableTarget(
            name: "LatentBenchmark",
            dependencies: ["LatentPrefilter", "Learning", "NumpyFormats", "SeededRandom", "BenchmarkSupport"],
            path: "Benchmarks/LatentBenchmark"
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MaskImageTests", dependencies: ["MaskImage", "SeededRandom", "TestSupport"]),
        .testTarget(name: "SymmetryFeaturesTests",
                    dependencies: ["SymmetryFeatures", "MaskImage", "FileIO", "BatchRunning", "SeededRandom", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "SeededRandom", "TestSupport", "CDenseKernels"]),
        .testTarget(name: "MaskFilterTests", dependencies: ["MaskFilter", "Learning", "SymmetryFeatures", "TestSupport"]),
        .testTarget(name: "LatentPrefilterTests",
                    dependencies: ["LatentPrefilter", "Learning", "SeededRandom", "FileIO", "NumpyFormats", "Synthesis", "TestSupport"]),
        .testTarget(name: "NumpyFormatsTests", dependencies: ["NumpyFormats", "FileIO", "Learning", "TestSupport"]),
        .testTarget(name: "ReportsTests",
                    dependencies: ["Reports", "Learning", "MaskFilter", "LatentPrefilter", "SymmetryFeatures", "FileIO", "BatchRunning", "Synthesis",
                                   "TestSupport"]),
        .testTarget(name: "AnatomyFeaturesTests", dependencies: ["AnatomyFeatures", "MaskImage", "SeededRandom", "TestSupport"]),
        .testTarget(name: "RealismTests", dependencies: ["Realism", "Learning", "MaskImage", "SeededRandom", "TestSupport"]),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO", "TestSupport"]),
        .testTarget(name: "BatchRunningTests", dependencies: ["BatchRunning", "FileIO", "TestSupport"]),
        .testTarget(name: "SynthesisTests",
                    dependencies: ["Synthesis", "SymmetryFeatures", "MaskImage", "FileIO", "LatentPrefilter", "Learning", "SeededRandom",
                                   "TestSupport"]),
        .testTarget(name: "ParallelismTests", dependencies: ["Parallelism"]),
        .testTarget(name: "StudyTests", dependencies: ["Study", "TestSupport"]),
        .testTarget(name: "GanfilterCLITests",
                    dependencies: ["ganfilter", "FileIO", "BatchRunning", "SeededRandom", "MaskImage", "Synthesis", "LatentPrefilter", "Learning", "NumpyFormats",
                                   "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
