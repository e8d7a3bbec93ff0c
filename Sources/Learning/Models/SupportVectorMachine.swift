import CDenseKernels
import Matrices

/// C-support vector classification with an RBF kernel, as scikit-learn's `SVC` (libsvm): `K(x, y) =
/// exp(-gamma |x - y|^2)` with `gamma = 1 / (d var(X))` (`gamma='scale'`, the variance over every value of the
/// training table) unless given; the dual solved by SMO with libsvm's second-order working-set selection, to
/// libsvm's stopping tolerance (the largest KKT violation below `tolerance`, 1e-3); the score is the decision
/// function `sum_i alpha_i y_i K(x_i, x) + b`, positive for the positive class.
public struct SupportVectorMachine: Classifier, Hashable {
    /// The penalty of a margin violation.
    public var C: Double
    /// The kernel width; nil is scikit-learn's `'scale'`.
    public var gamma: Double?
    /// The stopping tolerance on the KKT violation.
    public var tolerance: Double
    /// The most kernel rows kept, in megabytes (scikit-learn's `cache_size`, 200).
    public var cacheMegabytes: Int

    /// scikit-learn's defaults.
    public init(C: Double = 1, gamma: Double? = nil, tolerance: Double = 1e-3, cacheMegabytes: Int = 200) {
        self.C = C
        self.gamma = gamma
        self.tolerance = tolerance
        self.cacheMegabytes = cacheMegabytes
    }

    /// `C` and `gamma`.
    public var parameters: String { "C=\(C);gamma=\(gamma.map { "\($0)" } ?? "scale")" }

    /// Solves the dual and keeps the support vectors.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> SupportVectorModel {
        try validateTrainingData(data, labels)
        guard C > 0, C.isFinite else { throw .invalidParameter("C must be a positive number") }
        let n = data.rows, d = data.columns
        let mean = data.values.reduce(0, +) / Double(data.values.count)
        let variance = data.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(data.values.count)
        let width = gamma ?? (variance > 0 ? 1 / (Double(d) * variance) : 1)
        guard width > 0, width.isFinite else { throw .invalidParameter("gamma must be a positive number") }
        let y = labels.map { $0 ? 1.0 : -1.0 }
        var kernel = KernelRows(data: data, gamma: width, budgetBytes: max(1, cacheMegabytes) << 20)

        var alpha = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: -1, count: n)  // Q alpha - e, alpha = 0
        y.withUnsafeBufferPointer { y in
            alpha.withUnsafeMutableBufferPointer { alpha in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    solve(&kernel, y: y, alpha: alpha, gradient: gradient)
                }
            }
        }
        // The bias: libsvm's rho from the free multipliers, else the middle of the feasible interval.
        var upper = Double.infinity, lower = -Double.infinity, freeSum = 0.0, free = 0
        for t in 0..<n {
            let value = y[t] * gradient[t]
            if alpha[t] >= C {
                if y[t] < 0 { upper = min(upper, value) } else { lower = max(lower, value) }
            } else if alpha[t] <= 0 {
                if y[t] > 0 { upper = min(upper, value) } else { lower = max(lower, value) }
            } else {
                free += 1
                freeSum += value
            }
        }
        let rho = free > 0 ? freeSum / Double(free) : (upper + lower) / 2
        let support = alpha.indices.filter { alpha[$0] > 0 }
        return SupportVectorModel(gamma: width, supportVectors: data.selecting(rows: support),
                                  dualCoefficients: support.map { alpha[$0] * y[$0] }, intercept: -rho)
    }

    /// SMO from `alpha` and its `gradient` (Q alpha - e) to libsvm's stopping tolerance, updating both.
    private func solve(_ kernel: inout KernelRows, y: UnsafeBufferPointer<Double>, alpha: UnsafeMutableBufferPointer<Double>,
                       gradient: UnsafeMutableBufferPointer<Double>) {
        let n = y.count, C = C
        let tau = 1e-12
        let maxIterations = max(10_000_000, 100 * n)
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            // i: the most violating index of I_up; j: the second-order best partner of I_low.
            var gmax = -Double.infinity, i = -1
            for t in 0..<n where (y[t] > 0 ? alpha[t] < C : alpha[t] > 0) && -y[t] * gradient[t] >= gmax {
                gmax = -y[t] * gradient[t]
                i = t
            }
            guard i >= 0 else { break }
            let rowI = kernel.row(i)
            var gmax2 = -Double.infinity, j = -1, best = Double.infinity
            rowI.withUnsafeBufferPointer { rowI in
                for t in 0..<n where y[t] > 0 ? alpha[t] > 0 : alpha[t] < C {
                    let value = y[t] * gradient[t]
                    if value > gmax2 { gmax2 = value }
                    let b = gmax + value
                    guard b > 0 else { continue }
                    let a = max(1 + 1 - 2 * Double(rowI[t]), tau)  // K_ii + K_tt - 2 K_it, the RBF diagonal being 1
                    let objective = -b * b / a
                    if objective <= best {
                        best = objective
                        j = t
                    }
                }
            }
            guard j >= 0, gmax + gmax2 >= tolerance else { break }
            let rowJ = kernel.row(j)
            let kij = Double(rowI[j])
            let oldI = alpha[i], oldJ = alpha[j]
            if y[i] != y[j] {
                let quad = max(2 - 2 * kij, tau)
                let delta = (-gradient[i] - gradient[j]) / quad
                let diff = alpha[i] - alpha[j]
                alpha[i] += delta
                alpha[j] += delta
                if diff > 0 {
                    if alpha[j] < 0 { alpha[j] = 0; alpha[i] = diff }
                } else if alpha[i] < 0 {
                    alpha[i] = 0; alpha[j] = -diff
                }
                if diff > 0 {
                    if alpha[i] > C { alpha[i] = C; alpha[j] = C - diff }
                } else if alpha[j] > C {
                    alpha[j] = C; alpha[i] = C + diff
                }
            } else {
                let quad = max(2 - 2 * kij, tau)
                let delta = (gradient[i] - gradient[j]) / quad
                let sum = alpha[i] + alpha[j]
                alpha[i] -= delta
                alpha[j] += delta
                if sum > C {
                    if alpha[i] > C { alpha[i] = C; alpha[j] = sum - C }
                } else if alpha[j] < 0 {
                    alpha[j] = 0; alpha[i] = sum
                }
                if sum > C {
                    if alpha[j] > C { alpha[j] = C; alpha[i] = sum - C }
                } else if alpha[i] < 0 {
                    alpha[i] = 0; alpha[j] = sum
                }
            }
            // G += Q_i (delta alpha_i) + Q_j (delta alpha_j), Q_it = y_i y_t K_it.
            let stepI = (alpha[i] - oldI) * y[i], stepJ = (alpha[j] - oldJ) * y[j]
            rowI.withUnsafeBufferPointer { ki in
                rowJ.withUnsafeBufferPointer { kj in
                    for t in 0..<n { gradient[t] += y[t] * (stepI * Double(ki[t]) + stepJ * Double(kj[t])) }
                }
            }
        }
    }
}

/// Rows of the RBF kernel matrix of the training rows, computed on demand (`ganfilter_rbf_row`, from the rows
/// in float) and kept, least recently used first out, within a memory budget (as libsvm's cache).
struct KernelRows {
    let rowCount: Int, columns: Int
    /// The training rows in float, row-major.
    let values: [Float]
    let gamma: Double
    let squaredNorms: [Double]
    let capacity: Int
    /// The kept row of each training row, if any, and when it was last asked for (0: not kept).
    var rows: [[Float]?]
    var lastUse: [Int]
    var kept = 0
    var clock = 0

    init(data: Matrix, gamma: Double, budgetBytes: Int) {
        (rowCount, columns) = (data.rows, data.columns)
        let values = data.values.map(Float.init)
        self.values = values
        self.gamma = gamma
        squaredNorms = [Double](unsafeUninitializedCapacity: data.rows) { norms, count in
            if let out = norms.baseAddress { ganfilter_rbf_norms(values, data.rows, data.columns, out) }
            count = data.rows
        }
        capacity = max(2, budgetBytes / max(1, 4 * data.rows))
        rows = Array(repeating: nil, count: data.rows)
        lastUse = Array(repeating: 0, count: data.rows)
    }

    mutating func row(_ index: Int) -> [Float] {
        clock += 1
        lastUse[index] = clock
        if let cached = rows[index] { return cached }
        if kept >= capacity {
            // The oldest kept row other than this one: a scan of the use times, short beside computing a row.
            var oldest = -1
            for t in lastUse.indices where rows[t] != nil && t != index && (oldest < 0 || lastUse[t] < lastUse[oldest]) { oldest = t }
            if oldest >= 0 {
                rows[oldest] = nil
                lastUse[oldest] = 0
                kept -= 1
            }
        }
        let n = rowCount, d = columns
        let result = [Float](unsafeUninitializedCapacity: n) { row, count in
            values.withUnsafeBufferPointer { values in
                guard let start = values.baseAddress, let out = row.baseAddress else { return }
                ganfilter_rbf_row(start, n, d, squaredNorms, start + index * d, squaredNorms[index], gamma, out)
            }
            count = n
        }
        rows[index] = result
        kept += 1
        return result
    }
}

/// A fitted RBF support vector classifier: the support vectors, their `alpha_i y_i`, the intercept and gamma.
public struct SupportVectorModel: FittedModel {
    /// The kernel width.
    public let gamma: Double
    /// The support vectors, one a row.
    public let supportVectors: Matrix
    /// `alpha_i y_i` of each support vector.
    public let dualCoefficients: [Double]
    /// `b` of the decision function.
    public let intercept: Double

    /// A model from its parameters.
    public init(gamma: Double, supportVectors: Matrix, dualCoefficients: [Double], intercept: Double) {
        self.gamma = gamma
        self.supportVectors = supportVectors
        self.dualCoefficients = dualCoefficients
        self.intercept = intercept
    }

    /// `svc`.
    public static let kind = "svc"
    /// The decision function is a margin, not a probability.
    public static var scoresAreProbabilities: Bool { false }

    /// The support vectors' columns.
    public var featureCount: Int { supportVectors.columns }

    /// The decision function `sum_i alpha_i y_i exp(-gamma |x_i - x|^2) + b` (`ganfilter_rbf_decision`).
    public func scores(_ data: Matrix) -> [Double] {
        let norms = (0..<supportVectors.rows).map { row in supportVectors.row(row).reduce(0) { $0 + $1 * $1 } }
        return [Double](unsafeUninitializedCapacity: data.rows) { out, count in
            supportVectors.values.withUnsafeBufferPointer { vectors in
                data.values.withUnsafeBufferPointer { inputs in
                    guard let vectors = vectors.baseAddress, let inputs = inputs.baseAddress, let out = out.baseAddress else { return }
                    ganfilter_rbf_decision(vectors, supportVectors.rows, supportVectors.columns, norms, dualCoefficients, intercept,
                                           inputs, data.rows, gamma, out)
                }
            }
            count = data.rows
        }
    }

    private enum CodingKeys: String, CodingKey {
        case gamma, supportVectors, dualCoefficients, intercept
    }

    /// `gamma`, `support_vectors`, `dual_coefficients` and `intercept`.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gamma, forKey: .gamma)
        try container.encode((0..<supportVectors.rows).map(supportVectors.row), forKey: .supportVectors)
        try container.encode(dualCoefficients, forKey: .dualCoefficients)
        try container.encode(intercept, forKey: .intercept)
    }

    /// Reads a positive gamma, finite rows of equal length, one finite coefficient each, a finite intercept.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let gamma = try container.finiteNumber(.gamma)
        try container.require(gamma > 0, .gamma, "must be positive")
        let rows = try container.decode([[Double]].self, forKey: .supportVectors)
        try container.require(rows.allSatisfy { $0.allSatisfy(\.isFinite) }, .supportVectors, "holds a value that is not a finite number")
        let coefficients = try container.finiteNumbers(.dualCoefficients)
        guard !rows.isEmpty, rows.count == coefficients.count, let vectors = Matrix(rowArrays: rows), vectors.columns > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .supportVectors, in: container,
                                                   debugDescription: "needs support vectors of equal length, one dual coefficient each")
        }
        self.init(gamma: gamma, supportVectors: vectors, dualCoefficients: coefficients, intercept: try container.finiteNumber(.intercept))
    }
}
