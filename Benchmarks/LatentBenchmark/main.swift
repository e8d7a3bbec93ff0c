// The latent prefilter against scikit-learn on the same 60,000 synthetic records and folds, medians of runs:
//   (a) the logistic grid: 6 groups x C in {0.01, 0.1, 1, 10} x 3 stratified folds (one thread);
//   (b) the whole `latent train` with --models logreg (all groups, thresholds, bootstrap intervals; one thread);
//   (c) screening 1,000,000 x 128 float32 vectors from .npy, kept vectors written to .npy (end to end).
// Usage: swift run -c release LatentBenchmark [--repetitions 3] [--data-folder DIR]
// Writes the per-group data with their folds as CSV into DIR and, when python3 with scikit-learn is there,
// runs Benchmarks/sklearn_latent.py on the same files in the same run. The 512 MB .npy is deleted afterwards.

import BenchmarkSupport
import Foundation
import LatentPrefilter
import Learning
import NumpyFormats
import SeededRandom
import Synthesis

let arguments = BenchmarkArguments(options: ["--repetitions", "--data-folder"], program: "LatentBenchmark")
let repetitions = arguments.integer("--repetitions", default: 3)
let dataFolder = arguments.value("--data-folder") ?? NSTemporaryDirectory() + "ganfilter-latent-benchmark"

try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
let dataset = LatentSynthesis(seed: 0).dataset(records: 60_000)
let candidates = try ParameterGrid(named: ["logreg"], domain: .latents).candidates(seed: 0)

// Per group: the rows, their folds, written for scikit-learn.
var groups: [(name: String, data: Matrix, labels: [Bool], folds: [[Int]])] = []
for name in dataset.groupNames {
    let rows = dataset.groups.indices.filter { dataset.groups[$0] == name }
    let labels = rows.map { dataset.valid[$0] }
    let folds = try StratifiedKFold(folds: 3, seed: 0).validationFolds(labels)
    let data = dataset.latents.selecting(rows: rows)
    groups.append((name, data, labels, folds))
    var fold = [Int](repeating: 0, count: rows.count)
    for (index, members) in folds.enumerated() { for row in members { fold[row] = index } }
    var text = (0..<data.columns).map { "z\($0)" }.joined(separator: ",") + ",y,fold\n"
    for row in 0..<data.rows {
        text += data.row(row).map { LatentDatasetFormat.fixed($0) }.joined(separator: ",") + (labels[row] ? ",1" : ",0") + ",\(fold[row])\n"
    }
    try text.write(toFile: dataFolder + "/group_\(name).csv", atomically: true, encoding: .utf8)
}

var gridTimes: [Double] = []
var meanAUC = 0.0
for _ in 0..<repetitions {
    var aucs: [Double] = []
    gridTimes.append(try seconds {
        for group in groups {
            let scores = try CrossValidation.evaluate(candidates, data: group.data, labels: group.labels, folds: group.folds, jobs: 1)
            aucs.append(CrossValidation.best(scores)?.meanAUC ?? .nan)
        }
    })
    meanAUC = aucs.reduce(0, +) / Double(aucs.count)
}

let options = LatentTrainingOptions(candidates: candidates, jobs: 1)
var trainTimes: [Double] = []
for _ in 0..<repetitions {
    trainTimes.append(try seconds {
        for name in dataset.groupNames { _ = try LatentTraining.train(dataset, group: name, options: options, screenSeconds: LatentScreening.secondsPerVector) }
    })
}

// (c) screening: a 1,000,000 x 128 float32 file, the first group's model, kept vectors written.
let training = try LatentTraining.train(dataset, group: dataset.groupNames[0], options: options, screenSeconds: LatentScreening.secondsPerVector)
let npy = dataFolder + "/vectors.npy"
let writer = try NumpyWriter(path: npy, elementType: .float32, columns: 128)
var random = SeededGenerator(seed: 9)
for _ in 0..<100 {
    let block = Matrix(rows: 10_000, columns: 128, values: (0..<1_280_000).map { _ in random.uniform(-1, 1) })
    if let block { try writer.append(block) }
}
try writer.finish()
let threshold = training.selection.thresholds.first { $0.strategy == "youden" }?.threshold ?? 0.5
var screenTimes: [Double] = []
var kept = 0
for _ in 0..<max(3, repetitions) {
    // A fresh output each run: replacing a file makes the file system free the old one's blocks first.
    try? FileManager.default.removeItem(atPath: dataFolder + "/kept.npy")
    try? FileManager.default.removeItem(atPath: dataFolder + "/kept.txt")
    screenTimes.append(try seconds {
        let reader = try NumpyReader(path: npy)
        let output = try NumpyWriter(path: dataFolder + "/kept.npy", elementType: .float32, columns: 128)
        let indices = try IndexWriter(path: dataFolder + "/kept.txt")
        let summary = try LatentScreening(classifier: training.selection.classifier, threshold: threshold, addNorm: false)
            .screen(reader, keptTo: output, indicesTo: indices)
        try output.finish()
        try indices.finish()
        kept = summary.kept
    })
}
try? FileManager.default.removeItem(atPath: npy)
try? FileManager.default.removeItem(atPath: dataFolder + "/kept.npy")
try? FileManager.default.removeItem(atPath: dataFolder + "/kept.txt")

let report = "median of \(repetitions) runs, 1 thread, the same folds\n"
    + String(format: "ganfilter logistic grid, 6 groups x 4 C x 3 folds:  %7.2f s   mean best AUC %.4f\n", median(gridTimes), meanAUC)
    + String(format: "ganfilter latent train --models logreg (6 groups):   %7.2f s\n", median(trainTimes))
    + String(format: "ganfilter screen 1,000,000 x 128 float32, write kept + indices: %6.3f s   %.2f M vectors/s (%d kept)\n",
             median(screenTimes), 1.0 / median(screenTimes), kept)
FileHandle.standardOutput.write(Data(report.utf8))

runPythonComparison("sklearn_latent.py", [dataFolder, String(repetitions), String(median(gridTimes)), String(median(trainTimes))])
