// Throughput of mask decoding and feature extraction, in masks per second (medians of repeated runs):
//   (a) libpng decode alone (rows into a buffer, nothing kept), one job and all jobs;
//   (b) the full six features (decode, threshold, split, dilate, measure), one job and all jobs;
//   (c) the symmetry computation alone on masks already decoded (split, dilate, measure);
//   (d) with --reference DIR: the anatomy set, and every set against that reference (its reading included),
//       one job, beside (b) at one job: the goal is at most 2.5x the time of the symmetry features (realism_knn included).
// Usage: swift run -c release MaskFeaturesBenchmark [--count 5000] [--repetitions 7] [--folder DIR] [--keep]
//        [--reference DIR]
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

let arguments = BenchmarkArguments(options: ["--count", "--repetitions", "--folder", "--reference"], switches: ["--keep"],
                                   program: "MaskFeaturesBenchmark")
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
