import Foundation
import Learning
import Matrices
import Testing
import TestSupport

/// Gaussian naive Bayes against scikit-learn's `GaussianNB` (`Tests/Fixtures/make_naive_bayes_golden.py`).
struct NaiveBayesGoldenTests {
    struct Golden: Decodable {
        struct Fit: Decodable {
            let var_smoothing: Double
            let class_prior: [Double]
            let theta: [[Double]]
            let `var`: [[Double]]
            let probabilities: [Double]
        }
        let train: [[Double]]
        let labels: [Bool]
        let test: [[Double]]
        let fits: [Fit]
    }

    func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    @Test func parametersAndProbabilitiesMatchScikitLearn() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/naive_bayes.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        let train = try #require(Matrix(rowArrays: golden.train)), test = try #require(Matrix(rowArrays: golden.test))
        for fit in golden.fits {
            let model = try GaussianNaiveBayes(varSmoothing: fit.var_smoothing).fit(train, golden.labels)
            #expect(zip(model.classPriors, fit.class_prior).allSatisfy { close($0, $1) })
            #expect(zip(model.classMeans.joined(), fit.theta.joined()).allSatisfy { close($0, $1) }, "means")
            #expect(zip(model.classVariances.joined(), fit.var.joined()).allSatisfy { close($0, $1, relative: 1e-7) }, "variances")
            let scores = model.scores(test)
            let worst = zip(scores, fit.probabilities).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-9, "var_smoothing \(fit.var_smoothing): largest difference \(worst)")
        }
    }
}
