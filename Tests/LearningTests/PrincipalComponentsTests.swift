import Foundation
import Learning
import Matrices
import Testing
import TestSupport

/// `PrincipalComponents` against scikit-learn's `PCA` on the same rows (`Tests/Fixtures/make_pca_golden.py`).
struct PrincipalComponentsTests {
    struct Golden: Decodable {
        let data: [[Double]]
        let mean: [Double]
        let components: [[Double]]
        let explained_variance: [Double]
        let transformed: [[Double]]
    }

    @Test func agreesWithScikitLearn() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Fixtures.path("golden/pca.json")))
        let golden = try JSONDecoder().decode(Golden.self, from: bytes)
        let data = try #require(Matrix(rowArrays: golden.data))
        let pca = try PrincipalComponents(data, count: 3)
        for (a, b) in zip(pca.mean, golden.mean) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        for (a, b) in zip(pca.explainedVariance, golden.explained_variance) { #expect(abs(a - b) <= 1e-9 * b, "\(a) vs \(b)") }
        for (component, expected) in zip(pca.components, golden.components) {
            for (a, b) in zip(component, expected) { #expect(abs(a - b) <= 1e-8, "\(a) vs \(b)") }
        }
        let projected = pca.project(try #require(Matrix(rowArrays: Array(golden.data.prefix(10)))))
        for (row, expected) in zip(projected, golden.transformed) {
            for (a, b) in zip(row, expected) { #expect(abs(a - b) <= 1e-8 * max(1, abs(b)), "\(a) vs \(b)") }
        }
    }

    /// Orthonormal components, variances in decreasing order, and the variance of the projections equal to
    /// them, on data whose covariance is known (independent columns of variances 9, 4, 1, rotated).
    @Test func componentsAreOrthonormalAndCarryTheirVariance() throws {
        var rows: [[Double]] = []
        for index in 0..<400 {
            let t = Double(index)
            let x = [3 * sin(t * 0.731), 2 * cos(t * 1.377), sin(t * 2.113 + 0.5)]
            rows.append([x[0] + x1(x), x[0] - x[1], x[2] + 0.5 * x[1]])
        }
        func x1(_ x: [Double]) -> Double { 0.2 * x[2] }
        let data = try #require(Matrix(rowArrays: rows))
        let pca = try PrincipalComponents(data, count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                let dot = zip(pca.components[i], pca.components[j]).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-10)
            }
        }
        #expect(pca.explainedVariance == pca.explainedVariance.sorted(by: >))
        let projected = pca.project(data)
        for k in 0..<3 {
            let values = projected.map { $0[k] }
            let variance = values.reduce(0) { $0 + $1 * $1 } / Double(values.count - 1)
            #expect(abs(variance - pca.explainedVariance[k]) < 1e-9 * max(1, variance))
        }
        #expect(throws: LearningError.self) { try PrincipalComponents(try #require(Matrix(rowArrays: [[1, 2]])), count: 1) }
    }
}
