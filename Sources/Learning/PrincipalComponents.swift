import Matrices

/// The leading principal components of a matrix's rows, as scikit-learn's `PCA` finds them: the rows centred
/// (not scaled), the eigenvectors of their covariance with the largest eigenvalues, each signed so that its
/// entry of largest magnitude is positive. The covariance's eigenvectors come from the cyclic Jacobi method,
/// exact to rounding and the same on every machine (no random start, no iteration count to tune).
public struct PrincipalComponents: Sendable {
    /// The column means subtracted before projecting.
    public let mean: [Double]
    /// The components, unit vectors, largest variance first.
    public let components: [[Double]]
    /// The variance along each component (the covariance's eigenvalue, divided by rows - 1).
    public let explainedVariance: [Double]

    /// The first `count` components of `data`'s rows (at most its column count); needs at least two rows.
    public init(_ data: Matrix, count: Int) throws(LearningError) {
        guard data.rows >= 2, data.columns >= 1 else { throw .invalidParameter("principal components need at least two rows") }
        let d = data.columns, n = data.rows
        var mean = [Double](repeating: 0, count: d)
        for row in 0..<n { for column in 0..<d { mean[column] += data[row, column] } }
        mean = mean.map { $0 / Double(n) }
        // Covariance, upper triangle mirrored.
        var covariance = [Double](repeating: 0, count: d * d)
        var centred = [Double](repeating: 0, count: d)
        for row in 0..<n {
            for column in 0..<d { centred[column] = data[row, column] - mean[column] }
            for i in 0..<d where centred[i] != 0 {
                let a = centred[i]
                for j in i..<d { covariance[i * d + j] += a * centred[j] }
            }
        }
        for i in 0..<d { for j in i..<d { covariance[i * d + j] /= Double(n - 1); covariance[j * d + i] = covariance[i * d + j] } }
        let (values, vectors) = Self.jacobi(covariance, size: d)
        let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(max(0, min(count, d)))
        self.mean = mean
        explainedVariance = order.map { max(0, values[$0]) }
        components = order.map { index in
            var vector = (0..<d).map { vectors[$0 * d + index] }
            // The sign scikit-learn's svd_flip gives: the largest-magnitude entry positive.
            if let largest = vector.indices.max(by: { abs(vector[$0]) < abs(vector[$1]) }), vector[largest] < 0 { vector = vector.map { -$0 } }
            return vector
        }
    }

    /// Each row of `data` (of the fitted width) as coordinates along the components.
    public func project(_ data: Matrix) -> [[Double]] {
        (0..<data.rows).map { row in
            components.map { component in
                var sum = 0.0
                for column in 0..<min(component.count, data.columns) { sum += (data[row, column] - mean[column]) * component[column] }
                return sum
            }
        }
    }

    /// Eigenvalues and eigenvectors (columns of the returned row-major matrix) of the symmetric `matrix` by
    /// cyclic Jacobi rotations, until every off-diagonal entry is negligible.
    static func jacobi(_ matrix: [Double], size d: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: d * d)
        for i in 0..<d { v[i * d + i] = 1 }
        let scale = max(a.map(abs).max() ?? 0, .leastNormalMagnitude)
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<d { for j in (i + 1)..<max(i + 1, d) { off += a[i * d + j] * a[i * d + j] } }
            if off <= 1e-30 * scale * scale { break }
            for p in 0..<d {
                for q in (p + 1)..<max(p + 1, d) {
                    let apq = a[p * d + q]
                    guard abs(apq) > 1e-300 else { continue }
                    let theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<d {
                        let akp = a[k * d + p], akq = a[k * d + q]
                        a[k * d + p] = c * akp - s * akq
                        a[k * d + q] = s * akp + c * akq
                    }
                    for k in 0..<d {
                        let apk = a[p * d + k], aqk = a[q * d + k]
                        a[p * d + k] = c * apk - s * aqk
                        a[q * d + k] = s * apk + c * aqk
                    }
                    for k in 0..<d {
                        let vkp = v[k * d + p], vkq = v[k * d + q]
                        v[k * d + p] = c * vkp - s * vkq
                        v[k * d + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<d).map { a[$0 * d + $0] }, v)
    }
}
