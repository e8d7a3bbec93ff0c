import CDenseKernels
import Foundation
import SeededRandom
import Testing

/// The SVC's RBF kernel in C: its exponential against libm's, and both instruction-set paths against each other
/// (the same bits) and against the plain formula, whatever the sizes (rows past the last block of four,
/// columns past the last eight, vectors past the last span).
struct RBFKernelTests {
    @Test func theExponentialIsWithinTwoUnitsInTheLastPlaceOfLibms() {
        var random = SeededGenerator(seed: 11)
        let samples = (0..<100_000).map { _ in -random.uniform(0, 708) } + [0, -0.0, -1e-300, -0.5 * log(2.0), -708, -707.999]
        for x in samples {
            let expected = exp(x), got = ganfilter_rbf_exp(x)
            #expect(abs(got - expected) <= 2 * expected.ulp, "exp(\(x)): \(got) against \(expected)")
        }
        for x in [-708.5, -745.0, -1e6, -Double.infinity] { #expect(ganfilter_rbf_exp(x) == 0, "exp(\(x))") }
    }

    @Test func kernelRowsAreTheFormulaOnBothPaths() {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<100 {
            let rows = random.integer(below: 150) + 1, columns = random.integer(below: 40) + 1
            let data = (0..<(rows * columns)).map { _ in Float(random.uniform(-2, 2)) }
            var norms = [Double](repeating: .nan, count: rows)
            ganfilter_rbf_norms(data, rows, columns, &norms)
            let x = random.integer(below: rows), gamma = random.uniform(0.01, 1)
            let point = Array(data[x * columns..<(x + 1) * columns])
            var best = [Float](repeating: .nan, count: rows), baseline = best
            ganfilter_rbf_row(data, rows, columns, norms, point, norms[x], gamma, &best)
            ganfilter_rbf_row_baseline(data, rows, columns, norms, point, norms[x], gamma, &baseline)
            #expect(best.map(\.bitPattern) == baseline.map(\.bitPattern), "\(rows)x\(columns)")
            for t in 0..<rows {
                let distance = (0..<columns).reduce(0.0) { $0 + pow(Double(data[t * columns + $1]) - Double(point[$1]), 2) }
                // Float dot products: the distance within a few float roundings of the norms.
                let tolerance = gamma * 1e-6 * (norms[x] + norms[t]) + 1e-7
                #expect(abs(Double(best[t]) - exp(-gamma * distance)) <= tolerance, "row \(t) of \(rows)x\(columns)")
            }
            #expect(best[x] == 1, "a row's kernel with itself")
        }
    }

    @Test func decisionValuesAreTheFormulaOnBothPaths() {
        var random = SeededGenerator(seed: 13)
        for _ in 0..<40 {
            let count = random.integer(below: 600) + 1, rows = random.integer(below: 11) + 1, columns = random.integer(below: 20) + 1
            let vectors = (0..<(count * columns)).map { _ in random.uniform(-1, 1) }
            let inputs = (0..<(rows * columns)).map { _ in random.uniform(-1, 1) }
            let coefficients = (0..<count).map { _ in random.uniform(-1, 1) }
            let norms = (0..<count).map { t in vectors[t * columns..<(t + 1) * columns].reduce(0) { $0 + $1 * $1 } }
            let gamma = random.uniform(0.05, 1), intercept = random.uniform(-1, 1)
            var best = [Double](repeating: .nan, count: rows), baseline = best
            ganfilter_rbf_decision(vectors, count, columns, norms, coefficients, intercept, inputs, rows, gamma, &best)
            ganfilter_rbf_decision_baseline(vectors, count, columns, norms, coefficients, intercept, inputs, rows, gamma, &baseline)
            #expect(best.map(\.bitPattern) == baseline.map(\.bitPattern), "\(count) vectors, \(rows)x\(columns)")
            for i in 0..<rows {
                var expected = intercept
                for t in 0..<count {
                    let distance = (0..<columns).reduce(0.0) { $0 + pow(vectors[t * columns + $1] - inputs[i * columns + $1], 2) }
                    expected += coefficients[t] * exp(-gamma * distance)
                }
                #expect(abs(best[i] - expected) <= 1e-12 * Double(count), "input \(i): \(best[i]) against \(expected)")
            }
        }
    }
}
