// Throughput of mask decoding and feature extraction, in masks per second (medians of repeated runs):
//   (a) libpng decode alone (rows into a buffer, nothing kept), one job and all jobs;
//   (b) the full six features (decode, threshold, split, dilate, measure), one job and all jobs;
//   (c) the symmetry computation alone on masks already decoded (split, dilate, measure);
//   (d) with --reference DIR: the anatomy set, and every set against that reference (its reading included),
//       one job, beside (b) at one job: the goal is at most 2.5x the time of the symmetry features (realism_knn included);
//   (e) with --reference SMALL --large-reference LARGE as well: whole `features --set all --reference` and
//       `filter --reference` processes on the masks against each, all jobs, caches warm (a temporary --cache):
//       the goal is at most 3x the small reference's time; then the large reference's first run with a cold cache
//       (its masks decoded, its table of nearest masks built): the goal is under a minute.
// Usage: swift run -c release MaskFeaturesBenchmark [--count 5000] [--repetitions 7] [--folder DIR] [--keep]
//        [--reference DIR [--large-reference DIR]]
//   (e) as the README runs it: --folder GEN2000 --reference REF300 --large-reference REF10K, the large set made by
//   Benchmarks/make_reference_set.py.
// Without --folder it writes `count` synthetic 256x256 masks to a temporary folder, deleted afterwards
// unless --keep (then Benchmarks/opencv_features.py can time OpenCV on the same files).

import BatchRunning
import BenchmarkSupport
import Dispatch
import FileIO
import Foundation
import MaskImage
import Parallelism
import Realism
import MaskFeatures
import SymmetryFeatures
import Synthesis

/// Masks per second of each variant over `files`, median of `repetitions` rounds. The variants run in
/// turn within each round, so that drift in the machine's speed touches them all alike.
func throughputs(_ files: [MaskInput], repetitions: Int, _ variants: [([MaskInput]) -> Void]) -> [Double] {
    var rates = Array(repeating: [Double](), count: variants.count)
    for _ in 0..<repetitions {
        for (index, body) in variants.enumerated() {
            rates[index].append(Double(files.count) / seconds { body(files) })
        }
    }
    return rates.map(median)
}

/// Decodes every file with libpng alone on up to `jobs` threads.
func decodeAll(_ files: [MaskInput], jobs: Int) {
    let reader = PNGReader()
    let chunk = 32
    let chunks = (files.count + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: jobs) { worker in
        for index in stride(from: worker, to: chunks, by: jobs) {
            for file in files[index * chunk..<min(files.count, (index + 1) * chunk)] {
                try? reader.decodeOnly(atPath: file.path)
            }
        }
    }
}

let arguments = BenchmarkArguments(options: ["--count", "--repetitions", "--folder", "--reference", "--large-reference"],
                                   switches: ["--keep"], program: "MaskFeaturesBenchmark")
let options = (count: arguments.integer("--count", default: 5000), repetitions: arguments.integer("--repetitions", default: 7),
               folder: arguments.value("--folder"), keep: arguments.isSet("--keep"), reference: arguments.value("--reference"))
let jobs = AvailableProcessors.count
let folder = options.folder ?? NSTemporaryDirectory() + "ganfilter-benchmark-\(ProcessInfo.processInfo.processIdentifier)"
if options.folder == nil {
    FileHandle.standardError.write(Data("writing \(options.count) synthetic masks to \(folder)\n".utf8))
    _ = try SyntheticMaskSet.write(count: options.count, seed: 0, to: folder, jobs: jobs)
}
defer {
    if options.folder == nil && !options.keep { try? FileManager.default.removeItem(atPath: folder) }
}
let files = InputDiscovery.listInputs([folder], recursive: false).files.map(MaskInput.init)
guard !files.isEmpty, files.allSatisfy({ $0.problem == nil }) else {
    FileHandle.standardError.write(Data("MaskFeaturesBenchmark: \(folder) must be a folder of readable *.png files\n".utf8))
    exit(2)
}
let settings = FeatureSettings()
decodeAll(files, jobs: jobs)  // warm the page cache

let decoded = files.prefix(1000).compactMap { try? PNGReader().mask(atPath: $0.path, threshold: settings.threshold) }
/// Every set against the reference in `folder`, read afresh (as a process would), one job.
func allSetsAgainstReference(_ files: [MaskInput], folder: String) {
    guard let reference = try? ReferenceSet(folder: folder) else { return }
    _ = FeatureExtraction.rows(for: files, settings: FeatureSettings(set: .all, reference: reference), jobs: 1)
}

if let referenceFolder = options.reference {
    do {
        _ = try ReferenceSet(folder: referenceFolder)
    } catch {
        FileHandle.standardError.write(Data("MaskFeaturesBenchmark: \(error.description)\n".utf8))
        exit(2)
    }
}
let rates = throughputs(files, repetitions: options.repetitions, [
    { decodeAll($0, jobs: 1) },
    { decodeAll($0, jobs: jobs) },
    { _ = FeatureExtraction.rows(for: $0, settings: settings, jobs: 1) },
    { _ = FeatureExtraction.rows(for: $0, settings: settings, jobs: jobs) },
    { _ in for mask in decoded { _ = SymmetryFeatures(of: mask, dilationRadius: settings.dilationRadius) } },
] + (options.reference.map { folder in [
    { _ = FeatureExtraction.rows(for: $0, settings: FeatureSettings(set: .anatomy), jobs: 1) },
    { allSetsAgainstReference($0, folder: folder) },
] } ?? []))
let (decodeOne, decodeAllJobs, featuresOne, featuresAllJobs) = (rates[0], rates[1], rates[2], rates[3])
let symmetryOnly = rates[4] * Double(decoded.count) / Double(files.count)

func line(_ name: String, _ rate: Double) -> String {
    name.padding(toLength: 38, withPad: " ", startingAt: 0)
        + String(format: "%9.0f masks/s  %7.1f us/mask", rate, 1e6 / rate)
}
print("\(files.count) masks from \(folder), median of \(options.repetitions) runs, \(jobs) jobs available")
print(line("(a) libpng decode alone, 1 job", decodeOne))
print(line("(a) libpng decode alone, \(jobs) jobs", decodeAllJobs))
print(line("(b) six features, 1 job", featuresOne))
print(line("(b) six features, \(jobs) jobs", featuresAllJobs))
print(line("(c) symmetry alone (decoded), 1 job", symmetryOnly))
print(String(format: "features / decode alone (1 job): %.1f%%  (goal >= 80%%)", 100 * featuresOne / decodeOne))
print(String(format: "features scaling %d jobs / 1 job: %.2fx", jobs, featuresAllJobs / featuresOne))
print(String(format: "features, %d jobs / decode alone, 1 job: %.2fx  (goal >= 1.6x with 2 jobs)%@", jobs, featuresAllJobs / decodeOne,
             jobs == 2 && featuresAllJobs / decodeOne < 1.6 ? "   NOT MET" : ""))
if let folder = options.reference {
    print(line("(d) anatomy set, 1 job", rates[5]))
    print(line("(d) all sets + reference, 1 job", rates[6]))
    print(String(format: "all sets + reference (%@) / six features, time at 1 job: %.2fx  (goal <= 2.5x, realism_knn included)", folder, featuresOne / rates[6]))
}

// (e) Reference sets that scale, whole processes.
if let small = options.reference, let large = arguments.value("--large-reference") {
    let ganfilter = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ganfilter").path
    let work = NSTemporaryDirectory() + "ganfilter-reference-scaling-\(ProcessInfo.processInfo.processIdentifier)"
    let cache = work + "/cache", one = work + "/one"
    defer { try? FileManager.default.removeItem(atPath: work) }
    do {
        try FileManager.default.createDirectory(atPath: one, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: files[0].path, toPath: one + "/" + (files[0].path as NSString).lastPathComponent)
        func processSeconds(_ command: [String]) throws -> Double {
            let run = try runProcess([ganfilter] + command + ["--cache", cache, "--jobs", String(jobs)])
            guard run.status == 0 else { throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: command.joined(separator: " ")]) }
            return run.seconds
        }
        let cold = try processSeconds(["features", one, "--set", "all", "--reference", large, "--output", work + "/one.csv"])
        let warm = try processSeconds(["features", one, "--set", "all", "--reference", large, "--output", work + "/one.csv"])
        let commands: [(name: String, arguments: (String) -> [String])] = [
            ("features --set all --reference", { ["features", folder, "--set", "all", "--reference", $0, "--output", work + "/features.csv"] }),
            ("filter --reference", { ["filter", folder, "--reference", $0, "--output", work + "/decisions.csv"] }),
        ]
        for command in commands { for reference in [small, large] { _ = try processSeconds(command.arguments(reference)) } }  // caches warm
        var times = Array(repeating: [[Double]](repeating: [], count: 2), count: commands.count)
        for _ in 0..<options.repetitions {
            for (index, command) in commands.enumerated() {
                for (size, reference) in [small, large].enumerated() { times[index][size].append(try processSeconds(command.arguments(reference))) }
            }
        }
        let count = { (folder: String) in InputDiscovery.listInputs([folder], recursive: false).files.count }
        print("\n(e) \(files.count) masks against \(count(small)) and \(count(large)) reference masks, whole processes, \(jobs) jobs, "
              + "caches warm, median of \(options.repetitions)")
        for (index, command) in commands.enumerated() {
            let (smallTime, largeTime) = (median(times[index][0]), median(times[index][1]))
            print(command.name.padding(toLength: 32, withPad: " ", startingAt: 0)
                  + String(format: "%6.2f s  %6.2f s   large / small %.2fx  (goal <= 3x)%@", smallTime, largeTime, largeTime / smallTime,
                           largeTime / smallTime <= 3 ? "" : "   NOT MET"))
        }
        print(String(format: "large reference, cold cache (masks decoded, table built): %.1f s  (goal < 60 s)%@; warm: %.2f s",
                     cold, cold < 60 ? "" : "   NOT MET", warm))
    } catch {
        FileHandle.standardError.write(Data("MaskFeaturesBenchmark: (e) \(error)\n".utf8))
        exit(1)
    }
}
