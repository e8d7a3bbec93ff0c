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
        let n = Double(data.rows), d = data.columns, rows = data.rows
        // Row by row, every column at once (each column still summed in row order, as one column at a time); the
        // loops run over raw buffers so that they vectorise across the columns.
        var largest = [Double](repeating: 0, count: d)
        var sums = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        var units = [Double](repeating: 1, count: d)
        data.values.withUnsafeBufferPointer { values in
            largest.withUnsafeMutableBufferPointer { largest in
                sums.withUnsafeMutableBufferPointer { sums in
                    squares.withUnsafeMutableBufferPointer { squares in
                        units.withUnsafeMutableBufferPointer { units in
                            guard let values = values.baseAddress, let largest = largest.baseAddress, let sums = sums.baseAddress,
                                  let squares = squares.baseAddress, let units = units.baseAddress else { return }
                            for row in 0..<rows {
                                let x = values + row * d
                                for column in 0..<d { largest[column] = max(largest[column], abs(x[column])) }
                            }
                            // Sums of squares of values above about 1e150 overflow; such columns are summed in units of `unit`.
                            for column in 0..<d where largest[column] > 1e150 { units[column] = largest[column] }
                            // Dividing by a unit of 1 changes nothing; the common case skips the divisions.
                            let unitless = (0..<d).allSatisfy { units[$0] == 1 }
                            for row in 0..<rows {
                                let x = values + row * d
                                if unitless {
                                    for column in 0..<d { sums[column] += x[column] }
                                } else {
                                    for column in 0..<d { sums[column] += x[column] / units[column] }
                                }
                            }
                            for column in 0..<d { sums[column] /= n }  // the means, in units
                            for row in 0..<rows {
                                let x = values + row * d
                                if unitless {
                                    for column in 0..<d {
                                        let deviation = x[column] - sums[column]
                                        squares[column] += deviation * deviation
                                    }
                                } else {
                                    for column in 0..<d {
                                        let deviation = x[column] / units[column] - sums[column]
                                        squares[column] += deviation * deviation
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for column in 0..<d {
            let std = (squares[column] / n).squareRoot() * units[column]
            let mean = sums[column] * units[column]
            means[column] = mean
            // As scikit-learn: scales too close to zero (constant columns up to rounding) become 1.
            scales[column] = std < 10 * Double.ulpOfOne * max(abs(mean), 1) ? 1 : std
        }
        self.init(means: means, scales: scales)
    }

    /// `data` standardised column by column (`standardise` of every value).
    public func transform(_ data: Matrix) -> Matrix {
        precondition(data.columns == means.count, "the scaler was fitted on \(means.count) columns, not \(data.columns)")
        let d = data.columns, count = data.rows * d
        // `(value - mean) / scale` over raw buffers, which vectorises; then the rare value that came out not
        // finite from a finite one takes `standardise`'s overflow rule.
        let values = [Double](unsafeUninitializedCapacity: count) { out, initialised in
            data.values.withUnsafeBufferPointer { input in
                means.withUnsafeBufferPointer { means in
                    scales.withUnsafeBufferPointer { scales in
                        guard let input = input.baseAddress, let out = out.baseAddress, let means = means.baseAddress,
                              let scales = scales.baseAddress else { return }
                        for row in 0..<data.rows {
                            let x = input + row * d, y = out + row * d
                            for column in 0..<d { y[column] = (x[column] - means[column]) / scales[column] }
                        }
                    }
                }
            }
            initialised = count
            guard !Matrix.allFinite(UnsafeBufferPointer(out)) else { return }
            for index in 0..<count where !out[index].isFinite {
                out[index] = standardise(data.values[index], column: index % d)
            }
        }
        var result = data
        result.values = values
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
