import Foundation
import Learning
import Matrices
import Testing
import TestSupport

/// Logistic regression, ranking curves, trees and scaling agree with scikit-learn
/// (`Tests/Fixtures/make_learning_golden.py`).
struct ScikitLearnGoldenTests {
    struct Golden: Decodable {
        struct LogisticCase: Decodable {
            struct Fit: Decodable {
                let C: Double
                let penalty: String
                let class_weight: String
                let coefficients: [Double]
                let intercept: Double
            }
            let name: String
            let rows: [[Double]]
            let labels: [Bool]
            let fits: [Fit]
        }
        struct RankingCase: Decodable {
            let labels: [Bool]
            let scores: [Double]
            let roc_thresholds: [Double?]
            let fpr: [Double]
            let tpr: [Double]
            let auc: Double
            let pr_thresholds: [Double]
            let precision: [Double]
            let recall: [Double]
            let average_precision: Double
        }
        struct TreeCase: Decodable {
            struct Fit: Decodable {
                let criterion: String
                let max_depth: Int
                let min_samples_leaf: Int
                let min_samples_split: Int
                let node_count: Int
                let probabilities: [Double]
            }
            let name: String
            let train: [[Double]]
            let labels: [Bool]
            let test: [[Double]]
            let fits: [Fit]
        }
        struct ScalerCase: Decodable {
            let rows: [[Double]]
            let means: [Double]
            let scales: [Double]
        }
        let logistic: [LogisticCase]
        let ranking: [RankingCase]
        let tree: [TreeCase]
        let scaler: ScalerCase
    }

    static let golden: Golden? = {
        guard let data = FileManager.default.contents(atPath: Fixtures.path("golden/learning.json")) else { return nil }
        return try? JSONDecoder().decode(Golden.self, from: data)
    }()

    @Test func logisticCoefficientsMatchToOneInTenThousand() throws {
        let golden = try #require(Self.golden)
        var checked = 0
        for dataset in golden.logistic {
            let data = try #require(Matrix(rowArrays: dataset.rows))
            for fit in dataset.fits {
                let model = try LogisticRegression(
                    C: fit.C, penalty: try #require(LogisticRegression.Penalty(rawValue: fit.penalty)),
                    classWeight: try #require(ClassWeight(rawValue: fit.class_weight))
                ).fit(data, dataset.labels)
                let label = "\(dataset.name) C=\(fit.C) \(fit.penalty) \(fit.class_weight)"
                #expect(model.converged, "\(label) did not converge")
                let worst = zip(model.coefficients, fit.coefficients).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-4, "\(label): coefficients differ by \(worst)")
                #expect(abs(model.intercept - fit.intercept) <= 1e-4, "\(label): intercept \(model.intercept) vs \(fit.intercept)")
                checked += 1
            }
        }
        #expect(checked >= 40)
    }

    @Test func rocPointsAucAndAveragePrecisionMatch() throws {
        let golden = try #require(Self.golden)
        for ranking in golden.ranking {
            let points = RankingCurves.operatingPoints(labels: ranking.labels, scores: ranking.scores)
            #expect(points.map { $0.threshold.isInfinite ? nil : $0.threshold } == ranking.roc_thresholds)
            #expect(points.map(\.fpr) == ranking.fpr)
            #expect(points.map(\.tpr) == ranking.tpr)
            let auc = try #require(RankingCurves.rocAUC(labels: ranking.labels, scores: ranking.scores))
            #expect(abs(auc - ranking.auc) <= 1e-12)
            let curve = RankingCurves.precisionRecallCurve(labels: ranking.labels, scores: ranking.scores)
            #expect(curve.compactMap(\.threshold) == ranking.pr_thresholds)
            #expect(curve.last?.threshold == nil)
            #expect(curve.map(\.precision).enumerated().allSatisfy { abs($1 - ranking.precision[$0]) <= 1e-15 })
            #expect(curve.map(\.recall).enumerated().allSatisfy { abs($1 - ranking.recall[$0]) <= 1e-15 })
            let ap = try #require(RankingCurves.averagePrecision(labels: ranking.labels, scores: ranking.scores))
            #expect(abs(ap - ranking.average_precision) <= 1e-12)
        }
    }

    @Test func treePredictionsMatch() throws {
        let golden = try #require(Self.golden)
        var checked = 0
        for dataset in golden.tree {
            let train = try #require(Matrix(rowArrays: dataset.train))
            let everything = try #require(Matrix(rowArrays: dataset.train + dataset.test))
            for fit in dataset.fits {
                let tree = DecisionTree(criterion: try #require(DecisionTree.Criterion(rawValue: fit.criterion)),
                                        maxDepth: fit.max_depth < 0 ? nil : fit.max_depth,
                                        minSamplesLeaf: fit.min_samples_leaf, minSamplesSplit: fit.min_samples_split)
                let model = try tree.fit(train, dataset.labels)
                let label = "\(dataset.name) \(fit.criterion) depth=\(fit.max_depth) leaf=\(fit.min_samples_leaf) split=\(fit.min_samples_split)"
                #expect(model.nodes.count == fit.node_count, "\(label)")
                let differing = zip(model.probabilities(everything), fit.probabilities).enumerated().filter { $1.0 != $1.1 }.map(\.offset)
                #expect(differing.isEmpty, "\(label): predictions differ at rows \(differing)")
                checked += 1
            }
        }
        #expect(checked >= 60)
    }

    @Test func scalerMatches() throws {
        let golden = try #require(Self.golden)
        let scaler = StandardScaler(fitting: try #require(Matrix(rowArrays: golden.scaler.rows)))
        for (mine, theirs) in zip(scaler.means + scaler.scales, golden.scaler.means + golden.scaler.scales) {
            #expect(abs(mine - theirs) <= 1e-12 * max(1, abs(theirs)))
        }
    }
}
