import CDenseKernels
import Foundation
import SeededRandom
import Testing

/// The one-pass logistic objective in C: both instruction-set paths give the same bits, and both give the
/// plain formula's value and gradient, whatever the row count (rows past the last block of four) and width.
struct LogisticObjectiveTests {
    @Test func bothPathsGiveThePlainFormula() {
        var random = SeededGenerator(seed: 21)
        for _ in 0..<200 {
            let rows = random.integer(below: 30) + 1, columns = random.integer(below: 20) + 1
            let data = (0..<(rows * columns)).map { _ in random.uniform(-3, 3) }
            let labels = (0..<rows).map { _ in random.integer(below: 2) == 1 }
            let costs = (0..<rows).map { _ in random.uniform(0.1, 10) }
            let x = (0...columns).map { _ in random.uniform(-2, 2) }
            var expectedGradient = [Double](repeating: 0, count: columns + 1)
            var expected = 0.0
            for row in 0..<rows {
                let z = x[columns] + (0..<columns).reduce(0.0) { $0 + data[row * columns + $1] * x[$1] }
                let y = labels[row] ? 1.0 : 0.0
                expected += costs[row] * (y * log1p(exp(-z)) + (1 - y) * log1p(exp(z)))
                let residual = costs[row] * (1 / (1 + exp(-z)) - y)
                for c in 0..<columns { expectedGradient[c] += residual * data[row * columns + c] }
                expectedGradient[columns] += residual
            }
            var best = [Double](repeating: 0, count: columns + 1), baseline = best
            let value = ganfilter_logistic_objective(data, rows, columns, labels, costs, x, &best)
            let baselineValue = ganfilter_logistic_objective_baseline(data, rows, columns, labels, costs, x, &baseline)
            #expect(value.bitPattern == baselineValue.bitPattern && best.map(\.bitPattern) == baseline.map(\.bitPattern))
            #expect(abs(value - expected) <= 1e-12 * max(1, expected), "\(rows)x\(columns)")
            for c in 0...columns { #expect(abs(best[c] - expectedGradient[c]) <= 1e-11 * max(1, abs(expectedGradient[c])), "\(rows)x\(columns) [\(c)]") }
        }
    }
}
