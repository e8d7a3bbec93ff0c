import Learning
import Matrices
import SeededRandom
import Testing

/// Repeated stratified k-fold (`StratifiedKFold.validationFolds(_:repeats:)`, `ModelSelection.repeats`): each run
/// a stratified partition, the first run the plain one, the mean over every run's folds, the standard error that
/// of one run's folds, and one run the plain selection.
struct RepeatedCrossValidationTests {
    private func labels(_ count: Int, seed: UInt64) -> [Bool] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in random.bernoulli(0.3) }
    }

    @Test(arguments: [(2, 1), (3, 4), (5, 5)])
    func everyRunIsAStratifiedPartitionAndTheFirstIsThePlainOne(folds: Int, repeats: Int) throws {
        let labels = labels(53, seed: UInt64(folds * 10 + repeats))
        let splitter = StratifiedKFold(folds: folds, seed: 7)
        let runs = try splitter.validationFolds(labels, repeats: repeats)
        #expect(runs.count == folds * repeats)
        #expect(Array(runs.prefix(folds)) == (try splitter.validationFolds(labels)))
        let positives = labels.filter { $0 }.count
        var dealings = Set<[[Int]]>()
        for run in 0..<repeats {
            let partition = Array(runs[(run * folds)..<((run + 1) * folds)])
            #expect(partition.flatMap { $0 }.sorted() == Array(labels.indices), "run \(run) partitions the rows")
            for fold in partition {
                #expect(abs(Double(fold.filter { labels[$0] }.count) - Double(positives) / Double(folds)) <= 1)
            }
            dealings.insert(partition)
        }
        #expect(dealings.count == repeats, "every run deals the rows anew")
        #expect(try splitter.validationFolds(labels, repeats: repeats) == runs, "seeded")
        #expect(try splitter.validationFolds(labels, repeats: 0) == splitter.validationFolds(labels), "fewer than 1 run is one")
    }

    @Test func theStandardErrorCountsOneRunsFolds() throws {
        let values = [0.9, 0.7, 0.8, 0.6, 0.95, 0.75, 0.85, 0.65, 0.9, 0.7]
        let mean = values.reduce(0, +) / 10
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 10
        let spec = ClassifierSpec(GaussianNaiveBayes())
        let once = CandidateScore(spec: spec, foldAUC: values, foldAveragePrecision: values, outOfFold: [], foldConfusion: [])
        let twice = CandidateScore(spec: spec, foldAUC: values, foldAveragePrecision: values, outOfFold: [], foldConfusion: [], repeats: 2)
        #expect(abs((try #require(once.standardError(of: .rocAUC))) - (variance / 10).squareRoot()) < 1e-15)
        #expect(abs((try #require(twice.standardError(of: .rocAUC))) - (variance / 5).squareRoot()) < 1e-15)
        #expect(twice.mean(of: .rocAUC) == once.mean(of: .rocAUC))
    }

    @Test func aSelectionRanksByEveryRunAndThresholdsOnTheFirst() throws {
        var random = SeededGenerator(seed: 11)
        let labels = labels(60, seed: 3)
        let data = try #require(Matrix(rows: 60, columns: 3, values: labels.flatMap { good in
            (0..<3).map { _ in random.normal() + (good ? 0.8 : 0) }
        }))
        let candidates = [ClassifierSpec(GaussianNaiveBayes()), ClassifierSpec(LogisticRegression(C: 1))]
        let once = ModelSelection(candidates: candidates, folds: 5, testFraction: 0, seed: 4)
        var repeated = once
        repeated.repeats = 3
        let plain = try once.run(data: data, labels: labels)
        let three = try repeated.run(data: data, labels: labels)
        #expect(plain.chosen.foldAUC.count == 5 && plain.chosen.repeats == 1)
        for (single, runs) in zip(plain.candidates, three.candidates) {
            #expect(runs.foldAUC.count == 15 && runs.repeats == 3)
            #expect(Array(runs.foldAUC.prefix(5)) == single.foldAUC, "the first run is the plain one")
            #expect(runs.outOfFold == single.outOfFold, "out-of-fold scores are the first run's")
        }
        let means = three.candidates.compactMap { $0.mean(of: .rocAUC) }
        #expect(three.chosen.mean(of: .rocAUC) == means.max())
        #expect(three.metric == .rocAUC && three.preferred == 0, "the selection says by what rule it chose")
    }

    @Test func aSelectionRecordsItsMetricAndPreference() throws {
        let labels = labels(40, seed: 5)
        var random = SeededGenerator(seed: 2)
        let data = try #require(Matrix(rows: 40, columns: 2, values: labels.flatMap { good in
            (0..<2).map { _ in random.normal() + (good ? 1 : 0) }
        }))
        var selection = ModelSelection(candidates: [ClassifierSpec(GaussianNaiveBayes()), ClassifierSpec(LogisticRegression(C: 1))],
                                       folds: 4, testFraction: 0, seed: 1, metric: .averagePrecision)
        selection.preferred = 1
        let selected = try selection.run(data: data, labels: labels)
        #expect(selected.metric == .averagePrecision && selected.preferred == 1)
    }
    /// A model whose held-out scores rank the labelled rows no better than chance finds no threshold, and the
    /// refusal says so with their ROC AUC. Good and bad rows alternate along the one feature, so a row's nearest
    /// neighbour is of the other class: a 1-nearest-neighbour model scores the good rows held out lower.
    @Test func aModelNoBetterThanChanceIsRefusedWithItsHeldOutAUC() throws {
        let labels = (0..<40).map { $0 % 2 == 0 }
        let data = try #require(Matrix(rows: 40, columns: 1, values: (0..<40).map(Double.init)))
        let selection = ModelSelection(candidates: [ClassifierSpec(NearestNeighbors(k: 1))], folds: 4, testFraction: 0,
                                       seed: 2, strategy: .youden)
        do {
            _ = try selection.run(data: data, labels: labels)
            Issue.record("a model no better than chance was accepted")
        } catch {
            #expect(error.description.contains("whose ROC AUC is 0.") && error.description.contains("no better than chance"),
                    "\(error.description)")
        }
    }
}
