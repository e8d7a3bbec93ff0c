// Cross-validated model selection against scikit-learn on the same data, medians of repeated runs:
//   logistic regression (L2) on 10,000 x 128 standardised rows, 4% positives, 3-fold stratified CV over
//   C in {0.01, 0.1, 1, 10}; and the mask filter's tree grid (depth 1..10, leaf 1/5/10/20, gini/entropy) on
//   1,000 x 6 rows, 5-fold.
// Usage: swift run -c release LearningBenchmark [--repetitions 5] [--data-folder DIR]
// It writes the data sets as CSV into DIR (a temporary folder by default) and, when python3 with scikit-learn
// is available, runs Benchmarks/sklearn_learning.py on the same files and folds in the same run.

import BenchmarkSupport
import Foundation
import Learning
import Matrices
import SeededRandom

let arguments = BenchmarkArguments(options: ["--repetitions", "--data-folder"], program: "LearningBenchmark")
let repetitions = arguments.integer("--repetitions", default: 5)
let dataFolder = arguments.value("--data-folder") ?? NSTemporaryDirectory() + "ganfilter-learning-benchmark"

/// Rows of `d` normal features; label = (x . w + noise > t), t set for the wanted positive share.
func dataset(rows: Int, columns: Int, positiveShare: Double, seed: UInt64) -> (Matrix, [Bool]) {
    var random = SeededGenerator(seed: seed)
    let weights = (0..<columns).map { _ in random.normal() * 0.15 }
    var values: [Double] = []
    var scores: [Double] = []
    for _ in 0..<rows {
        var score = 0.0
        for column in 0..<columns {
            let x = random.normal()
            values.append(x)
            score += x * weights[column]
        }
        scores.append(score + random.normal() * 2.5)
    }
    let cut = scores.sorted()[Int(Double(rows) * (1 - positiveShare))]
    let data = Matrix(rows: rows, columns: columns, values: values) ?? Matrix(rows: 0, columns: columns)
    return (StandardScaler(fitting: data).transform(data), scores.map { $0 >= cut })
}

/// Writes the rows, their labels and their validation fold, so that scikit-learn scores the same folds.
func write(_ data: Matrix, _ labels: [Bool], folds: [[Int]], to path: String) throws {
    var fold = [Int](repeating: 0, count: data.rows)
    for (index, members) in folds.enumerated() { for row in members { fold[row] = index } }
    var text = (0..<data.columns).map { "x\($0)" }.joined(separator: ",") + ",y,fold\n"
    for row in 0..<data.rows {
        text += data.row(row).map { "\($0)" }.joined(separator: ",") + (labels[row] ? ",1" : ",0") + ",\(fold[row])\n"
    }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Median seconds of a full grid search and the best mean fold AUC.
func gridSearch(_ candidates: [ClassifierSpec], _ data: Matrix, _ labels: [Bool], folds: [[Int]], repetitions: Int) throws -> (Double, Double) {
    var times: [Double] = []
    var best = 0.0
    for _ in 0..<repetitions {
        var scores: [CandidateScore] = []
        times.append(try seconds {
            scores = try CrossValidation.evaluate(candidates, data: data, labels: labels, folds: folds, jobs: 1)
        })
        best = CrossValidation.best(scores)?.meanAUC ?? .nan
    }
    return (median(times), best)
}

try FileManager.default.createDirectory(atPath: dataFolder, withIntermediateDirectories: true)
let (latent, latentLabels) = dataset(rows: 10_000, columns: 128, positiveShare: 0.04, seed: 1)
let (standardMasks, maskLabels) = dataset(rows: 1_000, columns: 6, positiveShare: 0.25, seed: 2)
// Float32-exact values: scikit-learn's trees work on a float32 copy, which would otherwise move thresholds.
let masks = Matrix(rows: standardMasks.rows, columns: standardMasks.columns,
                   values: standardMasks.values.map { Double(Float($0)) }) ?? standardMasks
let latentFolds = try StratifiedKFold(folds: 3, seed: 0).validationFolds(latentLabels)
let maskFolds = try StratifiedKFold(folds: 5, seed: 0).validationFolds(maskLabels)
try write(latent, latentLabels, folds: latentFolds, to: dataFolder + "/logistic.csv")
try write(masks, maskLabels, folds: maskFolds, to: dataFolder + "/tree.csv")

// The catalogue's default grids: logistic C in 0.01..10 for latents; the design's 80-tree grid for masks.
let logistic = try ParameterGrid(named: ["logreg"], domain: .latents).candidates(seed: 0)
let trees = try ParameterGrid(named: ["tree"], domain: .masks).candidates(seed: 0)
// Logistic candidates standardise again inside each fold (as ganfilter always does); the data is standard already.
let (logisticTime, logisticAUC) = try gridSearch(logistic, latent, latentLabels, folds: latentFolds, repetitions: repetitions)
let (treeTime, treeAUC) = try gridSearch(trees, masks, maskLabels, folds: maskFolds, repetitions: repetitions)
let report = "median of \(repetitions) runs, 1 thread, the same folds\n"
    + String(format: "ganfilter logistic 10000x128, 3-fold x 4 C:   %7.3f s   best mean AUC %.4f\n", logisticTime, logisticAUC)
    + String(format: "ganfilter tree grid 1000x6, 5-fold x 80:      %7.3f s   best mean AUC %.4f\n", treeTime, treeAUC)
FileHandle.standardOutput.write(Data(report.utf8))

runPythonComparison("sklearn_learning.py", [dataFolder, String(repetitions), String(logisticTime), String(treeTime)])
