import Learning
import Matrices
import SeededRandom
import Testing

/// The scaler's vectorised loops against the plain formulas they replace, bit for bit: fitting sums each column
/// in row order (in units of its largest magnitude where that passes 1e150), and `transform` is `standardise`
/// of every value, the overflow rule included.
struct StandardScalerTests {
    /// The fit as one column at a time, in row order.
    func plainFit(_ data: Matrix) -> (means: [Double], scales: [Double]) {
        let n = Double(data.rows)
        var means: [Double] = [], scales: [Double] = []
        for column in 0..<data.columns {
            let values = (0..<data.rows).map { data[$0, column] }
            let largest = values.reduce(0) { max($0, abs($1)) }
            let unit = largest > 1e150 ? largest : 1
            var sum = 0.0
            for value in values { sum += unit == 1 ? value : value / unit }
            let mean = sum / n
            var squares = 0.0
            for value in values {
                let deviation = (unit == 1 ? value : value / unit) - mean
                squares += deviation * deviation
            }
            let std = (squares / n).squareRoot() * unit
            means.append(mean * unit)
            scales.append(std < 10 * Double.ulpOfOne * max(abs(mean * unit), 1) ? 1 : std)
        }
        return (means, scales)
    }

    @Test func fittingAndTransformAreThePlainFormulasBitForBit() throws {
        var random = SeededGenerator(seed: 26)
        for trial in 0..<80 {
            let columns = random.integer(below: 37) + 1, rows = random.integer(below: 40) + 1
            var values = (0..<rows * columns).map { _ in random.uniform(-5, 5) }
            // Some columns huge (the units), some constant (scale 1).
            if trial % 3 == 0 { for row in 0..<rows { values[row * columns] = random.uniform(-1.7e308, 1.7e308) } }
            if trial % 4 == 0 { for row in 0..<rows { values[row * columns + columns - 1] = 7 } }
            let data = try #require(Matrix(rows: rows, columns: columns, values: values))
            let scaler = StandardScaler(fitting: data)
            let plain = plainFit(data)
            #expect(scaler.means.map(\.bitPattern) == plain.means.map(\.bitPattern), "trial \(trial)")
            #expect(scaler.scales.map(\.bitPattern) == plain.scales.map(\.bitPattern), "trial \(trial)")

            // Values the overflow rule takes, NaN and infinities, against a scaler with a huge mean and a tiny scale.
            var means = scaler.means, scales = scaler.scales
            if trial % 2 == 0 { means[0] = -1.7e308 }
            if trial % 5 == 0 { scales[columns - 1] = 1e-300 }
            var inputs = (0..<rows * columns).map { _ in random.uniform(-5, 5) }
            for index in inputs.indices where random.integer(below: 30) == 0 {
                inputs[index] = [Double.nan, .infinity, -.infinity, 1.7e308, -1.7e308][random.integer(below: 5)]
            }
            let other = StandardScaler(means: means, scales: scales)
            let input = try #require(Matrix(rows: rows, columns: columns, values: inputs))
            let expected = inputs.indices.map { other.standardise(inputs[$0], column: $0 % columns).bitPattern }
            #expect(other.transform(input).values.map(\.bitPattern) == expected, "trial \(trial)")
        }
    }

    @Test func allFiniteFindsAnyValueThatIsNot() throws {
        for bad in [Double.nan, .infinity, -.infinity] {
            for count in 1...19 {
                for index in 0..<count {
                    var values = [Double](repeating: 1.5, count: count)
                    #expect(try #require(Matrix(rows: 1, columns: count, values: values)).allFinite)
                    values[index] = bad
                    let matrix = try #require(Matrix(rows: 1, columns: count, values: values))
                    #expect(!matrix.allFinite && !matrix.rowIsFinite(0), "\(bad) at \(index) of \(count)")
                }
            }
        }
    }
}
