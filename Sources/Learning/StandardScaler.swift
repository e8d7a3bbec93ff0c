/// Standardisation as scikit-learn's `StandardScaler`: subtract each column's mean and divide by its
/// population standard deviation (ddof 0); a constant column keeps scale 1.
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
        let n = Double(data.rows)
        for column in 0..<data.columns {
            var sum = 0.0
            for row in 0..<data.rows { sum += data[row, column] }
            let mean = sum / n
            var squares = 0.0
            for row in 0..<data.rows {
                let d = data[row, column] - mean
                squares += d * d
            }
            let std = (squares / n).squareRoot()
            means[column] = mean
            // As scikit-learn: scales too close to zero (constant columns up to rounding) become 1.
            scales[column] = std < 10 * Double.ulpOfOne * max(abs(mean), 1) ? 1 : std
        }
        self.init(means: means, scales: scales)
    }

    /// `data` standardised column by column.
    public func transform(_ data: Matrix) -> Matrix {
        precondition(data.columns == means.count, "the scaler was fitted on \(means.count) columns, not \(data.columns)")
        var result = data
        for row in 0..<data.rows {
            for column in 0..<data.columns {
                result[row, column] = (data[row, column] - means[column]) / scales[column]
            }
        }
        return result
    }
}
