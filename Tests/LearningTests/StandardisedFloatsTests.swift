import CDenseKernels
import Learning
import SeededRandom
import Testing

/// Raw vectors standardised straight into floats by the C kernel, on the CPU's best path and on the baseline
/// one: bit for bit `Float(StandardScaler.standardise(Double(value), column:))`, with each row's finiteness, for
/// float32 and float64 input, any width (vector remainders) and the values that take the overflow rule.
struct StandardisedFloatsTests {
    @Test(arguments: [true, false])
    func bothPathsGiveTheScalersFloats(isFloat32: Bool) {
        var random = SeededGenerator(seed: 8)
        var finiteRows = 0, otherRows = 0
        for _ in 0..<60 {
            let columns = random.integer(below: 40) + 1, rows = random.integer(below: 12) + 1
            var means = (0..<columns).map { _ in random.uniform(-3, 3) }
            var scales = (0..<columns).map { _ in random.uniform(0.1, 4) }
            // Some scalers with a huge mean and a tiny scale; the others leave most rows finite (the vector path).
            if random.integer(below: 3) == 0 { means[0] = -1.7e308 }
            if random.integer(below: 3) == 0 { scales[columns - 1] = 1e-300 }
            var values = (0..<rows * columns).map { _ in random.uniform(-5, 5) }
            for index in values.indices where random.integer(below: 60) == 0 {
                // NaN, infinities, a value whose difference with -1.7e308 overflows, one past the float range.
                values[index] = [Double.nan, .infinity, -.infinity, 1.7e308, 3e38, 1e-3][random.integer(below: 6)]
            }
            if isFloat32 { values = values.map { Double(Float($0)) } }
            var bytes: [UInt8] = []
            for value in values {
                if isFloat32 {
                    withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes += $0 }
                } else {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
                }
            }
            let scaler = StandardScaler(means: means, scales: scales)
            var expected: [Float] = [], expectedFinite: [Bool] = []
            for row in 0..<rows {
                var finite = true
                for column in 0..<columns {
                    let value = values[row * columns + column], standardised = scaler.standardise(value, column: column)
                    finite = finite && value.isFinite && standardised.isFinite
                    expected.append(Float(standardised))
                }
                expectedFinite.append(finite)
            }
            let best = bytes.withUnsafeBytes { scaler.standardisedFloats($0, rows: rows, isFloat32: isFloat32) }
            var baseline = [Float](repeating: 0, count: rows * columns), baselineFinite = [Bool](repeating: false, count: rows)
            bytes.withUnsafeBytes { raw in
                ganfilter_standardise_rows_baseline(raw.baseAddress, isFloat32, rows, columns, means, scales, &baseline, &baselineFinite)
            }
            #expect(best.values.map(\.bitPattern) == expected.map(\.bitPattern) && best.finite == expectedFinite, "\(rows)x\(columns)")
            #expect(baseline.map(\.bitPattern) == expected.map(\.bitPattern) && baselineFinite == expectedFinite, "\(rows)x\(columns)")
            finiteRows += expectedFinite.filter { $0 }.count
            otherRows += expectedFinite.filter { !$0 }.count
        }
        #expect(finiteRows > 100 && otherRows > 30, "\(finiteRows) finite rows, \(otherRows) others")
    }
}
