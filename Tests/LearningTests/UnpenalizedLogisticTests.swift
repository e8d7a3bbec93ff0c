import Foundation
import Learning
import Matrices
import Testing
import TestSupport

/// `LogisticRegression.unpenalized`: coefficients left out of the penalty, as `RealismPrior` needs them.
struct UnpenalizedLogisticTests {
    struct Golden: Decodable {
        let data: [[Double]]
        let labels: [Bool]
        let C: Double
        let unpenalized: [Int]
        let coefficients: [Double]
        let intercept: Double
    }

    /// The minimiser agrees with SciPy's exact Newton solution (`Tests/Fixtures/make_unpenalized_logreg_golden.py`),
    /// on Newton's path (5 features) and L-BFGS's (20).
    @Test func agreesWithSciPy() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/unpenalized_logreg.json")))
        let cases = try JSONDecoder().decode([Golden].self, from: bytes)
        #expect(cases.map { $0.data[0].count } == [5, 20])
        for golden in cases {
            let data = try #require(Matrix(rowArrays: golden.data))
            let model = try LogisticRegression(C: golden.C, unpenalized: golden.unpenalized).fit(data, golden.labels)
            #expect(model.converged)
            for (a, b) in zip(model.coefficients, golden.coefficients) { #expect(abs(a - b) <= 1e-7 * max(1, abs(b)), "\(a) vs \(b)") }
            #expect(abs(model.intercept - golden.intercept) <= 1e-7 * max(1, abs(golden.intercept)))
            // Freed, the coefficient grows beyond what the penalty allowed (the data pull it further).
            let penalised = try LogisticRegression(C: golden.C).fit(data, golden.labels)
            for column in golden.unpenalized { #expect(abs(model.coefficients[column]) > abs(penalised.coefficients[column])) }
        }
    }

    /// With L1, the solution meets the optimality conditions: the data term's gradient is 0 on the unpenalised
    /// coefficients and the intercept, -sign(w) on the other non-zero ones, and within [-1, 1] on the zero ones.
    @Test func l1MeetsItsOptimalityConditions() throws {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let rows = 200, columns = 6
        let values = (0..<rows * columns).map { _ in next() * 2 }
        let data = try #require(Matrix(rows: rows, columns: columns, values: values))
        let labels = (0..<rows).map { row in values[row * columns] - 0.5 * values[row * columns + 3] + 0.3 * next() > 0 }
        let C = 0.05
        let model = try LogisticRegression(C: C, penalty: .l1, unpenalized: [4]).fit(data, labels)
        #expect(model.converged)
        var gradient = [Double](repeating: 0, count: columns + 1)
        for row in 0..<rows {
            var z = model.intercept
            for column in 0..<columns { z += data[row, column] * model.coefficients[column] }
            let residual = C * (1 / (1 + exp(-z)) - (labels[row] ? 1 : 0))
            for column in 0..<columns { gradient[column] += residual * data[row, column] }
            gradient[columns] += residual
        }
        #expect(abs(gradient[columns]) <= 1e-8 && abs(gradient[4]) <= 1e-8, "\(gradient)")
        for column in [0, 1, 2, 3, 5] {
            let w = model.coefficients[column]
            if w == 0 {
                #expect(abs(gradient[column]) <= 1 + 1e-8)
            } else {
                #expect(abs(gradient[column] + (w > 0 ? 1 : -1)) <= 1e-8, "column \(column): \(gradient[column]) at \(w)")
            }
        }
        #expect(model.coefficients[4] != 0, "a column with no signal, unpenalised, is not shrunk to exactly 0")
    }

    /// The parameters name the unpenalised columns; a column the data lack is refused.
    @Test func parametersAndBadColumns() throws {
        #expect(LogisticRegression(C: 1, unpenalized: [3, 1, 3]).parameters == "C=1;penalty=l2;class_weight=none;unpenalized=1,3")
        #expect(LogisticRegression(C: 1).parameters == "C=1;penalty=l2;class_weight=none")
        let data = try #require(Matrix(rowArrays: [[0, 1], [1, 0], [2, 2], [3, 1]]))
        #expect(throws: LearningError.self) { try LogisticRegression(unpenalized: [2]).fit(data, [false, true, false, true]) }
    }

    /// Expected operating points count an unlabelled row as `round(p * resolution)` good units and the rest bad:
    /// the same points as a data set in which it appears `resolution` times with that many good copies.
    @Test func expectedOperatingPointsAreThoseOfTheExpandedRows() {
        let labels = [true, false, true, false, false]
        let scores = [0.9, 0.8, 0.4, 0.4, 0.1]
        let unlabelled = [0.85, 0.4, 0.3, 0.05]
        let probabilities = [0.7, 0.2, 1.0, 0.0]
        let resolution = 10
        let expected = RankingCurves.expectedOperatingPoints(labels: labels, scores: scores, unlabelledScores: unlabelled,
                                                             probabilities: probabilities, resolution: resolution)
        var expandedLabels: [Bool] = [], expandedScores: [Double] = []
        for (label, score) in zip(labels, scores) {
            expandedLabels += Array(repeating: label, count: resolution)
            expandedScores += Array(repeating: score, count: resolution)
        }
        for (score, p) in zip(unlabelled, probabilities) {
            let good = Int((p * Double(resolution)).rounded())
            expandedLabels += Array(repeating: true, count: good) + Array(repeating: false, count: resolution - good)
            expandedScores += Array(repeating: score, count: resolution)
        }
        #expect(expected == RankingCurves.operatingPoints(labels: expandedLabels, scores: expandedScores))
        #expect(RankingCurves.expectedOperatingPoints(labels: labels, scores: scores, unlabelledScores: [], probabilities: [], resolution: 1)
            == RankingCurves.operatingPoints(labels: labels, scores: scores))
    }
}
