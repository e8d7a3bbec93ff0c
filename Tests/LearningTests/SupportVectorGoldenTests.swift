import Foundation
import Learning
import Matrices
import Testing
import TestSupport

/// The RBF support vector classifier against scikit-learn's `SVC` (`Tests/Fixtures/make_svc_golden.py`).
struct SupportVectorGoldenTests {
    struct Golden: Decodable {
        struct Fit: Decodable {
            let C: Double
            let decision: [Double]
            let auc: Double
            let support: Int
        }
        let train: [[Double]]
        let labels: [Bool]
        let test: [[Double]]
        let test_labels: [Bool]
        let fits: [Fit]
    }

    @Test func decisionFunctionAndAUCMatchScikitLearn() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/svc.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let train = try #require(Matrix(rowArrays: golden.train)), test = try #require(Matrix(rowArrays: golden.test))
        for fit in golden.fits {
            let fitted = try StandardisedClassifier(SupportVectorMachine(C: fit.C)).fit(train, golden.labels)
            let scores = fitted.scores(test)
            let auc = try #require(RankingCurves.rocAUC(labels: golden.test_labels, scores: scores))
            #expect(abs(auc - fit.auc) <= 0.01, "C=\(fit.C): AUC \(auc), scikit-learn \(fit.auc)")
            let error = zip(scores, fit.decision).map { abs($0 - $1) }.max() ?? 1
            #expect(error <= 0.01, "C=\(fit.C): decision values off by up to \(error)")
            let support = fitted.model.supportVectors.rows
            #expect(abs(support - fit.support) <= max(5, fit.support / 100), "C=\(fit.C): \(support) support vectors, scikit-learn \(fit.support)")
        }
    }
}
