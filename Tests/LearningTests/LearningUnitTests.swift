import Foundation
import Learning
import Matrices
import SeededRandom
import Testing

struct StratifiedSplitTests {
    @Test(arguments: [2, 3, 5, 10])
    func foldsKeepClassSharesAndPartitionTheRows(folds: Int) throws {
        var random = SeededGenerator(seed: UInt64(folds))
        let labels = (0..<537).map { _ in random.bernoulli(0.07) }
        let positives = labels.filter { $0 }.count
        let validation = try StratifiedKFold(folds: folds, seed: 1).validationFolds(labels)
        #expect(validation.flatMap { $0 }.sorted() == Array(0..<labels.count))
        for fold in validation {
            let share = Double(fold.filter { labels[$0] }.count)
            #expect(abs(share - Double(positives) / Double(folds)) <= 1, "positives per fold within one of equal")
            #expect(abs(Double(fold.count) - Double(labels.count) / Double(folds)) <= 2)
            let training = StratifiedKFold.trainingIndices(count: labels.count, excluding: fold)
            #expect(Set(training).isDisjoint(with: fold) && training.count + fold.count == labels.count)
        }
        #expect(try StratifiedKFold(folds: folds, seed: 1).validationFolds(labels) == validation, "seeded")
        #expect(try StratifiedKFold(folds: folds, seed: 2).validationFolds(labels) != validation)
    }

    @Test func tooFewRowsOfAClass() {
        #expect(throws: LearningError.self) {
            try StratifiedKFold(folds: 5, seed: 0).validationFolds([true, true, false, false, false, false, false])
        }
    }

    @Test func holdoutTakesTheFractionOfEachClass() throws {
        let labels = (0..<1000).map { $0 % 25 == 0 }
        let split = try StratifiedHoldout(labels, testFraction: 0.1, seed: 3)
        #expect(split.test.count == 100)
        #expect(split.test.filter { labels[$0] }.count == 4)
        #expect(Set(split.test).isDisjoint(with: split.training) && split.test.count + split.training.count == 1000)
        #expect(try StratifiedHoldout(labels, testFraction: 0, seed: 3).test.isEmpty)
        #expect(throws: LearningError.self) { try StratifiedHoldout(labels, testFraction: 1, seed: 0) }
    }
}

struct MetricsAndStrategyTests {
    // Scores 0.9 ... 0.1; positives at 0.9, 0.8, 0.6, 0.3.
    let labels = [true, true, false, true, false, false, true, false, false]
    let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]

    @Test func confusionAndRates() {
        let matrix = ConfusionMatrix(labels: labels, scores: scores, threshold: 0.6)
        #expect(matrix == ConfusionMatrix(truePositives: 3, falsePositives: 1, trueNegatives: 4, falseNegatives: 1))
        #expect(matrix.precision == 0.75 && matrix.recall == 0.75 && matrix.f1 == 0.75)
        #expect(matrix.accuracy == 7.0 / 9)
        let none = ConfusionMatrix(labels: labels, scores: scores, threshold: 2)
        #expect(none.precision == nil, "0/0 is undefined, not 0")
        #expect(none.f1 == 0)
        #expect(ConfusionMatrix(labels: [], scores: [], threshold: 0).accuracy == nil)
    }

    @Test func strategiesPickTheDocumentedPoints() throws {
        let points = RankingCurves.operatingPoints(labels: labels, scores: scores)
        #expect(points.first?.threshold == .infinity)
        // TPR - FPR: 0.8 -> 0.5, 0.6 -> 0.55 (highest), 0.3 -> 1 - 0.6 = 0.4.
        #expect(ThresholdStrategy.weighted(1, 1).choose(from: points)?.threshold == 0.6)
        // 2 TPR - FPR: 0.6 -> 1.3, 0.3 -> 1.4 (highest).
        #expect(ThresholdStrategy.weighted(2, 1).choose(from: points)?.threshold == 0.3)
        #expect(ThresholdStrategy.weighted(1, 2).choose(from: points)?.threshold == 0.8)
        #expect(ThresholdStrategy.targetTPR(0.75).choose(from: points)?.threshold == 0.6)
        #expect(ThresholdStrategy.targetFPR(0.2).choose(from: points)?.threshold == 0.6)
        // Precision 1 at 0.9 and at 0.8: the tie goes to the highest threshold.
        #expect(ThresholdStrategy.maxPrecision.choose(from: points, minAccepted: 1)?.threshold == 0.9)
        #expect(ThresholdStrategy.maxPrecision.choose(from: points, minAccepted: 2)?.threshold == 0.8)
        #expect(ThresholdStrategy.maxPrecision.choose(from: points, minAccepted: 4)?.threshold == 0.6)
        #expect(ThresholdStrategy.maxPrecision.choose(from: points)?.threshold == nil, "no point accepts 10")
        #expect(ThresholdStrategy.maxPrecisionWithMinPass(0.5).choose(from: points, minAccepted: 1)?.threshold == 0.5)
    }

    @Test func strategyNamesRoundTrip() throws {
        for name in ["youden", "recall-weighted", "fpr-weighted", "target-tpr=0.95", "target-fpr=0.1", "max-precision",
                     "max-precision@min-pass=0.1", "weighted=3,1", "weighted=0.5,2"] {
            #expect(try #require(ThresholdStrategy(name)).description == name)
        }
        #expect(ThresholdStrategy("weighted=1,1") == .weighted(1, 1))
        for bad in ["", "younden", "target-tpr=2", "weighted=1", "weighted=a,b", "target-fpr=-0.1", "max-precision@min-pass="] {
            #expect(ThresholdStrategy(bad) == nil, "\(bad)")
        }
        #expect(ThresholdStrategy.defaults.map(\.description) == ["youden", "recall-weighted", "fpr-weighted",
            "target-tpr=0.95", "target-fpr=0.1", "max-precision", "max-precision@min-pass=0.1"])
    }

    @Test func aucOfPerfectAndReversedRankings() {
        #expect(RankingCurves.rocAUC(labels: [true, false], scores: [1, 0]) == 1)
        #expect(RankingCurves.rocAUC(labels: [true, false], scores: [0, 1]) == 0)
        #expect(RankingCurves.rocAUC(labels: [true, false], scores: [0.5, 0.5]) == 0.5)
        #expect(RankingCurves.rocAUC(labels: [true, true], scores: [0.5, 0.4]) == nil)
    }
}

struct ModelTests {
    @Test func interceptOnlyOptimumWhenL1RemovesEveryCoefficient() throws {
        var random = SeededGenerator(seed: 9)
        let rows = (0..<300).map { _ in [random.normal(), random.normal()] }
        let labels = (0..<300).map { $0 % 4 == 0 }
        let data = try #require(Matrix(rowArrays: rows))
        let model = try LogisticRegression(C: 0.0005, penalty: .l1).fit(data, labels)
        #expect(model.coefficients == [0, 0])
        #expect(abs(model.intercept - log(0.25 / 0.75)) < 1e-8)
        let balanced = try LogisticRegression(C: 0.0005, penalty: .l1, classWeight: .balanced).fit(data, labels)
        #expect(abs(balanced.intercept) < 1e-8)
    }

    @Test func bothL2SolversConverge() throws {
        var random = SeededGenerator(seed: 4)
        let d = LogisticRegression.newtonMaxFeatures + 4
        let rows = (0..<400).map { _ in (0..<d).map { _ in random.normal() } }
        let labels = rows.map { $0[0] - $0[1] + random.normal() > 0.5 }
        let data = try #require(Matrix(rowArrays: rows))
        let lbfgs = try LogisticRegression(C: 0.3).fit(data, labels)
        // Wider than `newtonMaxFeatures`: L-BFGS; the first `newtonMaxFeatures` columns alone: Newton.
        let small = data.selecting(rows: Array(0..<data.rows))
        #expect(lbfgs.converged)
        let newton = try LogisticRegression(C: 0.3).fit(
            try #require(Matrix(rowArrays: (0..<small.rows).map { Array(small.row($0).prefix(LogisticRegression.newtonMaxFeatures)) })),
            labels)
        #expect(newton.converged)
        #expect(lbfgs.coefficients.count == d && newton.coefficients.count == LogisticRegression.newtonMaxFeatures)
    }

    @Test func refusesBadTrainingData() throws {
        let data = try #require(Matrix(rowArrays: [[1], [2], [3]]))
        #expect(throws: LearningError.needsBothClasses(positives: 3, negatives: 0)) {
            try LogisticRegression().fit(data, [true, true, true])
        }
        #expect(throws: LearningError.sizeMismatch(rows: 3, labels: 2)) { try DecisionTree().fit(data, [true, false]) }
        let nan = try #require(Matrix(rowArrays: [[1], [.nan], [3]]))
        #expect(throws: LearningError.nonFiniteValue(row: 1, column: 0)) {
            try LogisticRegression().fit(nan, [true, false, true])
        }
        #expect(throws: LearningError.self) { try LogisticRegression(C: 0).fit(data, [true, false, true]) }
    }

    @Test func treeStopsAtPureNodesAndDepth() throws {
        let data = try #require(Matrix(rowArrays: [[0], [1], [2], [3], [4], [5]]))
        let labels = [false, false, false, true, true, true]
        let tree = try DecisionTree().fit(data, labels)
        #expect(tree.nodes.count == 3 && tree.nodes[0].threshold == 2.5)
        #expect(tree.probabilities(data) == [0, 0, 0, 1, 1, 1])
        let stump = try DecisionTree(maxDepth: 0).fit(data, labels)
        #expect(stump.nodes.count == 1 && stump.probabilities(data) == Array(repeating: 0.5, count: 6))
        let leafy = try DecisionTree(minSamplesLeaf: 4).fit(data, labels)
        #expect(leafy.nodes.count == 1, "no split leaves 4 on both sides")
    }

    @Test func scalerHandlesConstantColumns() throws {
        let scaler = StandardScaler(fitting: try #require(Matrix(rowArrays: [[1, 5], [3, 5]])))
        #expect(scaler.means == [2, 5] && scaler.scales == [1, 1])
        #expect(scaler.transform(try #require(Matrix(rowArrays: [[3, 5]]))).values == [1, 0])
    }
}

/// Degenerate inputs a user can give a model: rare positives, values that standardise to infinity.
struct DegenerateTrainingTests {
    /// Two positives in 100 rows: many bootstrap draws hold no positive; each such tree is a leaf, as in
    /// scikit-learn, and the forest still ranks.
    @Test(arguments: [0, 1, 2, 3, 4] as [UInt64])
    func aForestTrainsOnRarePositivesWhateverTheSeed(seed: UInt64) throws {
        var random = SeededGenerator(seed: 9)
        let values = (0..<100 * 3).map { _ in random.uniform(-1, 1) }
        let data = try #require(Matrix(rows: 100, columns: 3, values: values))
        let labels = (0..<100).map { $0 == 7 || $0 == 61 }
        let forest = try RandomForest(trees: 100, seed: seed).fit(data, labels)
        let scores = forest.scores(data)
        #expect(scores.allSatisfy { (0...1).contains($0) })
        #expect(forest.trees.contains { $0.nodes.count == 1 }, "some draw held no positive")
    }
}

/// A strategy is one value from the command line to the model file and back.
struct ThresholdStrategyTypeTests {
    @Test(arguments: ["youden", "weighted=1,1", "weighted=1.0,1", "recall-weighted", "target-tpr=0.95", "max-precision@min-pass=0.1"])
    func equalStrategiesAreEqualWhateverTheirSpelling(name: String) throws {
        let strategy = try ThresholdStrategy(parsing: name)
        let encoded = try JSONEncoder().encode([strategy])
        #expect(try JSONDecoder().decode([ThresholdStrategy].self, from: encoded) == [strategy])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(strategy.description)\"]", "written as its canonical name")
        let thresholds = [StrategyThreshold(strategy: .youden, threshold: 0.3), StrategyThreshold(strategy: .recallWeighted, threshold: 0.2),
                          StrategyThreshold(strategy: .targetTPR(0.95), threshold: 0.1),
                          StrategyThreshold(strategy: .maxPrecisionWithMinPass(0.1), threshold: 0.4)]
        #expect(try StrategyThreshold.stored(strategy, in: thresholds) == thresholds.first { $0.strategy == strategy }?.threshold)
    }

    @Test func badSpellingsSayWhatIsWrong() {
        for (name, message) in [("target-tpr=2", "takes a share in 0...1"), ("weighted=-1,1", "two weights"), ("weighted=0,0", "not both 0"), ("best", "unknown strategy")] {
            #expect(throws: LearningError.self) { try ThresholdStrategy(parsing: name) }
            do {
                _ = try ThresholdStrategy(parsing: name)
            } catch {
                #expect(error.description.contains(message), "\(name): \(error)")
            }
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ThresholdStrategy].self, from: Data("[\"best\"]".utf8)) }
    }
}
