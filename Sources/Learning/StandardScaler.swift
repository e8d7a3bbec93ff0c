import CDenseKernels
import Matrices

/// Standardisation as scikit-learn's `StandardScaler`: subtract each column's mean and divide by its
/// population standard deviation (ddof 0); a constant column keeps scale 1. Columns of huge values (up to
/// `Double.greatestFiniteMagnitude`) are measured in units of their largest magnitude, so that neither the
/// sums nor the standardised values overflow.
public struct StandardScaler: Equatable, Sendable, Codable {
    /// Column means.
    public let means: [Double]
    /// Column scales (standard deviations, 1 for constant columns).
    public let scales: [Double]

    /// A scaler with given means and scales (as stored in a model file).
    public init(means: [Double], scales: [Double]) {
        precondition(means.count == scales.count, "means and scales differ in length")
        self.means = means
        self.scales = scales
    }

    /// The scaler fitted on the rows of `data`.
    public init(fitting data: Matrix) {
        var means = [Double](repeating: 0, count: data.columns)
        var scales = [Double](repeating: 1, count: data.columns)
        guard data.rows > 0 else {
            self.init(means: means, scales: scales)
            return
        }
        let n = Double(data.rows), d = data.columns
        // Row by row, every column at once (each column still summed in row order, as one column at a time).
        var largest = [Double](repeating: 0, count: d)
        data.values.withUnsafeBufferPointer { values in
            for row in 0..<data.rows {
                for column in 0..<d { largest[column] = max(largest[column], abs(values[row * d + column])) }
            }
            // Sums of squares of values above about 1e150 overflow; such columns are summed in units of `unit`.
            let units = largest.map { $0 > 1e150 ? $0 : 1 }
            // Dividing by a unit of 1 changes nothing; the common case skips the divisions.
            let unitless = units.allSatisfy { $0 == 1 }
            var sums = [Double](repeating: 0, count: d)
            for row in 0..<data.rows {
                if unitless {
                    for column in 0..<d { sums[column] += values[row * d + column] }
                } else {
                    for column in 0..<d { sums[column] += values[row * d + column] / units[column] }
                }
            }
            let scaledMeans = sums.map { $0 / n }
            var squares = [Double](repeating: 0, count: d)
            for row in 0..<data.rows {
                for column in 0..<d {
                    let deviation = (unitless ? values[row * d + column] : values[row * d + column] / units[column]) - scaledMeans[column]
                    squares[column] += deviation * deviation
                }
            }
            for column in 0..<d {
                let std = (squares[column] / n).squareRoot() * units[column]
                let mean = scaledMeans[column] * units[column]
                means[column] = mean
                // As scikit-learn: scales too close to zero (constant columns up to rounding) become 1.
                scales[column] = std < 10 * Double.ulpOfOne * max(abs(mean), 1) ? 1 : std
            }
        }
        self.init(means: means, scales: scales)
    }

    /// `data` standardised column by column (`standardise` of every value).
    public func transform(_ data: Matrix) -> Matrix {
        precondition(data.columns == means.count, "the scaler was fitted on \(means.count) columns, not \(data.columns)")
        var result = data
        let d = data.columns
        result.values.withUnsafeMutableBufferPointer { values in
            for row in 0..<data.rows {
                for column in 0..<d { values[row * d + column] = standardise(values[row * d + column], column: column) }
            }
        }
        return result
    }

    /// `rows` rows of raw little-endian vectors at the start of `raw` (float32 values where `isFloat32`, else
    /// float64; one value a column), each value standardised as `standardise` does it and narrowed to a float,
    /// with whether each row's values and standardised values are all finite. The C kernel
    /// `ganfilter_standardise_rows` does the same double operations in the same order, vectorised (AVX2 where the
    /// CPU has it), so the floats are bit for bit those of `Float(standardise(Double(value), column:))`.
    public func standardisedFloats(_ raw: UnsafeRawBufferPointer, rows: Int, isFloat32: Bool) -> (values: [Float], finite: [Bool]) {
        let columns = means.count
        precondition(raw.count >= rows * columns * (isFloat32 ? 4 : 8), "fewer bytes than \(rows) rows of \(columns) values")
        var finite = [Bool](repeating: true, count: rows)
        let values = [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
            finite.withUnsafeMutableBufferPointer { finite in
                means.withUnsafeBufferPointer { means in
                    scales.withUnsafeBufferPointer { scales in
                        ganfilter_standardise_rows(raw.baseAddress, isFloat32, rows, columns, means.baseAddress, scales.baseAddress,
                                                   buffer.baseAddress, finite.baseAddress)
                    }
                }
            }
            count = rows * columns
        }
        return (values, finite)
    }

    /// `value` of `column` standardised: `(value - mean) / scale`.
    @inlinable
    public func standardise(_ value: Double, column: Int) -> Double {
        let result = (value - means[column]) / scales[column]
        guard !result.isFinite && value.isFinite else { return result }
        // A difference of two huge values can overflow where the standardised value does not.
        return (value / 2 - means[column] / 2) / (scales[column] / 2)
    }
}
