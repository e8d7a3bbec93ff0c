import CDenseKernels
import Matrices
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Logistic regression as scikit-learn defines it: minimise `1/2 |w|^2 + C * sum(s_i * logloss_i)` (L2) or
/// `|w|_1 + C * sum(s_i * logloss_i)` (L1), the intercept not penalised, `s_i` the class weights.
/// Coefficients listed in `unpenalized` are left out of the penalty like the intercept (a prior that trusts
/// those features and shrinks only the others toward 0).
///
/// L1 is solved with a proximal Newton method (coordinate descent on each quadratic model, backtracking on
/// the true objective); L2 with Newton's method (Cholesky) up to `newtonMaxFeatures` features and L-BFGS above. Both run to a tight tolerance, so the coefficients are the
/// optimum's (scikit-learn at its default `tol=1e-4` stops up to 1e-3 away); the fitted model says whether
/// the solver converged.
public struct LogisticRegression: Classifier, Hashable {
    /// The penalty on the coefficients.
    public enum Penalty: String, Sendable, Codable, CaseIterable {
        /// `|w|_1`: sparse coefficients.
        case l1
        /// `1/2 |w|^2`.
        case l2
    }

    /// Inverse regularisation strength (larger is weaker), as scikit-learn's `C`.
    public var C: Double
    /// L1 or L2.
    public var penalty: Penalty
    /// `balanced` weighs each class by `n / (2 * n_class)`.
    public var classWeight: ClassWeight
    /// Relative optimality tolerance.
    public var tolerance: Double
    /// Iteration cap of the solver.
    public var maxIterations: Int
    /// The features (column indices, ascending) whose coefficients are not penalised.
    public var unpenalized: [Int]

    /// A logistic regression with scikit-learn's defaults (`C=1`, L2, no class weights, every coefficient penalised).
    public init(C: Double = 1, penalty: Penalty = .l2, classWeight: ClassWeight = .none,
                tolerance: Double = 1e-10, maxIterations: Int = 1000, unpenalized: [Int] = []) {
        self.C = C
        self.penalty = penalty
        self.classWeight = classWeight
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.unpenalized = Array(Set(unpenalized)).sorted()
    }

    /// Fits the model to `data` (rows are samples) and `labels` (true = positive class).
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> LogisticModel {
        try validateTrainingData(data, labels)
        guard C > 0, C.isFinite else { throw .invalidParameter("C must be a positive number, got \(C)") }
        guard unpenalized.allSatisfy({ (0..<data.columns).contains($0) }) else {
            throw .invalidParameter("unpenalized features \(unpenalized) are not all among the \(data.columns) columns")
        }
        var penalised = [Double](repeating: 1, count: data.columns)
        for column in unpenalized { penalised[column] = 0 }
        let problem = LogisticProblem(data: data, labels: labels, weights: classWeight.sampleWeights(labels), C: C,
                                      penaltyWeights: penalised)
        switch penalty {
        case .l2 where data.columns <= LogisticRegression.newtonMaxFeatures:
            return problem.solveNewton(penalty: .l2, tolerance: tolerance, maxIterations: maxIterations)
        case .l2:
            var solver = LBFGS()
            solver.tolerance = tolerance
            solver.maxIterations = maxIterations
            let result = solver.minimize(from: Array(repeating: 0, count: data.columns + 1)) { x, gradient in
                problem.valueL2(x, gradient: &gradient)
            }
            return LogisticModel(coefficients: Array(result.x.dropLast()), intercept: result.x[data.columns],
                                 converged: result.converged, iterations: result.iterations)
        case .l1:
            return problem.solveNewton(penalty: .l1, tolerance: tolerance, maxIterations: maxIterations)
        }
    }

    /// `C`, `penalty` and `class_weight` (and `unpenalized=i,j` when some coefficients are not penalised).
    public var parameters: String {
        "C=\(ParameterGrid.format(C));penalty=\(penalty.rawValue);class_weight=\(classWeight.rawValue)"
            + (unpenalized.isEmpty ? "" : ";unpenalized=" + unpenalized.map(String.init).joined(separator: ","))
    }

    /// Up to this many features, L2 is solved by Newton's method (a `d x d` Hessian per iteration is cheap and
    /// converges to machine precision even on unscaled features); above it, by L-BFGS.
    public static let newtonMaxFeatures = 16
}

/// Class weights.
public enum ClassWeight: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every sample weighs 1.
    case none
    /// Each class weighs `n / (2 * n_class)`, as scikit-learn's `class_weight='balanced'`.
    case balanced

    /// The weight of each sample.
    func sampleWeights(_ labels: [Bool]) -> [Double] {
        switch self {
        case .none:
            return Array(repeating: 1, count: labels.count)
        case .balanced:
            let positives = Double(labels.filter { $0 }.count)
            let negatives = Double(labels.count) - positives
            let n = Double(labels.count)
            return labels.map { $0 ? n / (2 * positives) : n / (2 * negatives) }
        }
    }
}

/// A fitted logistic regression: `P(positive) = 1 / (1 + exp(-(x . coefficients + intercept)))`.
public struct LogisticModel: FittedModel {
    /// One coefficient per feature.
    public let coefficients: [Double]
    /// The intercept.
    public let intercept: Double
    /// Whether the solver reached its tolerance.
    public let converged: Bool
    /// Solver iterations used.
    public let iterations: Int

    /// A model from its parameters.
    public init(coefficients: [Double], intercept: Double, converged: Bool, iterations: Int) {
        self.coefficients = coefficients
        self.intercept = intercept
        self.converged = converged
        self.iterations = iterations
    }

    /// `x . coefficients + intercept` for each row: the intercept, then each product added in column order.
    /// Four rows at a time, each with its own sum, so that their additions overlap; every row's sum is the
    /// plain loop's, bit for bit.
    public func decisionFunction(_ data: Matrix) -> [Double] {
        precondition(data.columns == coefficients.count, "feature count does not match the model")
        let rows = data.rows, columns = data.columns, intercept = intercept
        return [Double](unsafeUninitializedCapacity: rows) { out, initialized in
            data.values.withUnsafeBufferPointer { x in
                coefficients.withUnsafeBufferPointer { w in
                    var row = 0
                    while row + 4 <= rows {
                        var z0 = intercept, z1 = intercept, z2 = intercept, z3 = intercept
                        let base = row * columns
                        for column in 0..<columns {
                            let weight = w[column]
                            z0 += x[base + column] * weight
                            z1 += x[base + columns + column] * weight
                            z2 += x[base + 2 * columns + column] * weight
                            z3 += x[base + 3 * columns + column] * weight
                        }
                        out[row] = z0
                        out[row + 1] = z1
                        out[row + 2] = z2
                        out[row + 3] = z3
                        row += 4
                    }
                    for rest in row..<rows {
                        var z = intercept
                        for column in 0..<columns { z += x[rest * columns + column] * w[column] }
                        out[rest] = z
                    }
                }
            }
            initialized = rows
        }
    }

    /// The probability of the positive class for each row.
    public func probabilities(_ data: Matrix) -> [Double] {
        decisionFunction(data).map(sigmoid)
    }

    /// `logreg`.
    public static let kind = "logreg"

    /// The number of coefficients.
    public var featureCount: Int { coefficients.count }

    /// The probability of the positive class.
    public func scores(_ data: Matrix) -> [Double] {
        probabilities(data)
    }

    private enum CodingKeys: String, CodingKey {
        case coefficients, intercept, converged
    }

    /// `coefficients`, `intercept` and `converged`.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coefficients, forKey: .coefficients)
        try container.encode(intercept, forKey: .intercept)
        try container.encode(converged, forKey: .converged)
    }

    /// Reads finite coefficients and intercept; `converged` defaults to true.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(coefficients: try container.finiteNumbers(.coefficients), intercept: try container.finiteNumber(.intercept),
                  converged: try container.decodeIfPresent(Bool.self, forKey: .converged) ?? true, iterations: 0)
    }

    /// The probability for a margin `x . coefficients + intercept` (the logistic sigmoid, stable for large |z|).
    public static func probability(ofMargin margin: Double) -> Double {
        sigmoid(margin)
    }
}

/// The logistic sigmoid, stable for large |z|.
func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}


/// The data term of the objective with its derivatives.
struct LogisticProblem {
    let data: Matrix
    let labels: [Bool]
    /// `C * s_i` per sample.
    let costs: [Double]
    /// 1 for a penalised coefficient, 0 for one left out of the penalty, per feature.
    let penaltyWeights: [Double]

    init(data: Matrix, labels: [Bool], weights: [Double], C: Double, penaltyWeights: [Double]? = nil) {
        self.data = data
        self.labels = labels
        self.costs = weights.map { C * $0 }
        self.penaltyWeights = penaltyWeights ?? [Double](repeating: 1, count: data.columns)
    }

    /// Fills `margins` with `x_i . w + b` (`x` holds w then b).
    func margins(_ x: [Double], into margins: inout [Double]) {
        let d = data.columns
        data.values.withUnsafeBufferPointer { values in
            x.withUnsafeBufferPointer { x in
                guard let rows = values.baseAddress, let weights = x.baseAddress else { return }
                for row in 0..<data.rows { margins[row] = x[d] + rowDot(rows + row * d, weights, d) }
            }
        }
    }

    /// Row `row`'s loss `C s_i log(1 + exp(-t))` (t = z for a positive, -z for a negative, without overflow)
    /// and its derivative `C s_i (p_i - y_i)` at margin `z` (`ganfilter_logistic_terms`, which the one-pass
    /// objective uses too).
    func terms(row: Int, margin z: Double) -> (loss: Double, residual: Double) {
        var loss = 0.0, residual = 0.0
        ganfilter_logistic_terms(labels[row], costs[row], z, &loss, &residual)
        return (loss, residual)
    }

    /// `sum(C s_i logloss_i)` and its per-sample derivative `C s_i (p_i - y_i)` in `residuals`.
    func loss(_ margins: [Double], residuals: inout [Double]) -> Double {
        var total = 0.0
        for row in 0..<data.rows {
            let (loss, residual) = terms(row: row, margin: margins[row])
            total += loss
            residuals[row] = residual
        }
        return total
    }

    /// Adds `X^T residuals` to `gradient[0..<d]` and their sum to `gradient[d]`.
    func accumulateGradient(_ residuals: [Double], into gradient: inout [Double]) {
        let d = data.columns
        data.values.withUnsafeBufferPointer { values in
            gradient.withUnsafeMutableBufferPointer { gradient in
                for row in 0..<data.rows {
                    let r = residuals[row]
                    let base = row * d
                    for column in 0..<d { gradient[column] += r * values[base + column] }
                    gradient[d] += r
                }
            }
        }
    }

    /// The L2 objective and its gradient, in one pass over the rows (`ganfilter_logistic_objective`: each
    /// row's margin, loss and share of the gradient while the row is in cache, four rows at a time).
    func valueL2(_ x: [Double], gradient: inout [Double]) -> Double {
        let d = data.columns
        for column in 0..<d { gradient[column] = penaltyWeights[column] * x[column] }
        gradient[d] = 0
        var total = ganfilter_logistic_objective(data.values, data.rows, d, labels, costs, x, &gradient)
        for column in 0..<d { total += 0.5 * penaltyWeights[column] * x[column] * x[column] }
        return total
    }

    /// The objective with `penalty` at `x`.
    func value(_ x: [Double], penalty: LogisticRegression.Penalty) -> Double {
        var margins = [Double](repeating: 0, count: data.rows)
        var residuals = [Double](repeating: 0, count: data.rows)
        self.margins(x, into: &margins)
        var total = loss(margins, residuals: &residuals)
        for column in 0..<data.columns {
            switch penalty {
            case .l1: total += penaltyWeights[column] * abs(x[column])
            case .l2: total += 0.5 * penaltyWeights[column] * x[column] * x[column]
            }
        }
        return total
    }

    /// (Proximal) Newton's method: each step minimises the quadratic model of the data term plus the penalty
    /// (exactly by Cholesky for L2, by coordinate descent for L1), then backtracks on the true objective.
    /// It stops when the largest entry of the minimum-norm subgradient falls to `tolerance * max(1, initial)`.
    func solveNewton(penalty: LogisticRegression.Penalty, tolerance: Double, maxIterations: Int) -> LogisticModel {
        let d = data.columns
        let size = d + 1
        var x = [Double](repeating: 0, count: size)
        var margins = [Double](repeating: 0, count: data.rows)
        var residuals = [Double](repeating: 0, count: data.rows)
        var initialMeasure = -1.0
        var current = value(x, penalty: penalty)
        func model(converged: Bool, iterations: Int) -> LogisticModel {
            LogisticModel(coefficients: Array(x.dropLast()), intercept: x[d], converged: converged, iterations: iterations)
        }

        for iteration in 0..<maxIterations {
            self.margins(x, into: &margins)
            _ = loss(margins, residuals: &residuals)
            var gradient = [Double](repeating: 0, count: size)
            if penalty == .l2 {
                for j in 0..<d { gradient[j] = penaltyWeights[j] * x[j] }
            }
            accumulateGradient(residuals, into: &gradient)

            var measure = abs(gradient[d])
            for j in 0..<d {
                switch penalty {
                case .l2:
                    measure = max(measure, abs(gradient[j]))
                case .l1 where penaltyWeights[j] == 0:
                    measure = max(measure, abs(gradient[j]))
                case .l1:
                    let violation = x[j] != 0 ? abs(gradient[j] + (x[j] > 0 ? 1 : -1)) : max(0, abs(gradient[j]) - 1)
                    measure = max(measure, violation)
                }
            }
            if initialMeasure < 0 { initialMeasure = measure }
            if measure <= tolerance * max(1, initialMeasure) {
                return model(converged: true, iterations: iteration)
            }

            var hessian = weightedGram(margins)
            let delta: [Double]
            switch penalty {
            case .l2:
                for j in 0..<d { hessian[j * size + j] += penaltyWeights[j] }
                delta = choleskySolve(hessian, gradient.map { -$0 }) ?? gradient.map { -$0 }
            case .l1:
                delta = coordinateDescent(hessian: hessian, gradient: gradient, x: x)
            }

            var decrease = 0.0
            for j in 0..<size { decrease += gradient[j] * delta[j] }
            if penalty == .l1 {
                for j in 0..<d { decrease += penaltyWeights[j] * (abs(x[j] + delta[j]) - abs(x[j])) }
            }
            var step = 1.0
            var accepted = false
            var candidate = x
            for _ in 0..<60 {
                for j in 0..<size { candidate[j] = x[j] + step * delta[j] }
                let candidateValue = value(candidate, penalty: penalty)
                // Near the optimum the decrease falls below the objective's rounding; a full Newton step that
                // does not increase it beyond rounding is then taken, and the optimality measure decides.
                let withinRounding = step == 1 && candidateValue <= current + 1e-13 * max(1, abs(current))
                if candidateValue <= current + 1e-4 * step * decrease || withinRounding {
                    current = min(current, candidateValue)
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else {
                // No decrease is possible at machine precision: converged if the optimality measure is small.
                return model(converged: measure <= 1e-6 * max(1, initialMeasure), iterations: iteration)
            }
            x = candidate
        }
        return model(converged: false, iterations: maxIterations)
    }

    /// `[X 1]^T D [X 1]` with `D_i = C s_i p_i (1 - p_i)`, row-major `(d+1) x (d+1)`.
    private func weightedGram(_ margins: [Double]) -> [Double] {
        let d = data.columns
        let size = d + 1
        var gram = [Double](repeating: 0, count: size * size)
        var augmented = [Double](repeating: 1, count: size)
        for row in 0..<data.rows {
            let p = sigmoid(margins[row])
            let weight = costs[row] * p * (1 - p)
            guard weight > 0 else { continue }
            for column in 0..<d { augmented[column] = data[row, column] }
            for a in 0..<size {
                let wa = weight * augmented[a]
                for b in a..<size { gram[a * size + b] += wa * augmented[b] }
            }
        }
        for a in 0..<size {
            for b in 0..<a { gram[a * size + b] = gram[b * size + a] }
        }
        return gram
    }

    /// Solves `A x = b` for a symmetric positive definite `A` (row-major); nil when `A` is not positive definite.
    private func choleskySolve(_ a: [Double], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    /// Minimises `g . delta + 1/2 delta^T H delta + |x + delta|_1` (no penalty on the intercept) by cyclic
    /// coordinate descent.
    private func coordinateDescent(hessian: [Double], gradient: [Double], x: [Double]) -> [Double] {
        let size = x.count
        let d = size - 1
        var delta = [Double](repeating: 0, count: size)
        var hDelta = [Double](repeating: 0, count: size)
        for _ in 0..<1000 {
            var largestChange = 0.0
            for j in 0..<size {
                let curvature = max(hessian[j * size + j], 1e-12)
                let slope = gradient[j] + hDelta[j]
                var updated: Double
                if j == d || penaltyWeights[j] == 0 {
                    updated = delta[j] - slope / curvature
                } else {
                    let target = x[j] + delta[j] - slope / curvature
                    let shrunk = max(0, abs(target) - 1 / curvature)
                    updated = (target < 0 ? -shrunk : shrunk) - x[j]
                }
                let change = updated - delta[j]
                if change != 0 {
                    for k in 0..<size { hDelta[k] += hessian[k * size + j] * change }
                    delta[j] = updated
                    largestChange = max(largestChange, abs(change) * curvature.squareRoot())
                }
            }
            if largestChange <= 1e-13 * max(1, maxAbs(x)) { break }
        }
        return polishedOnSupport(delta, hessian: hessian, gradient: gradient, x: x) ?? delta
    }

    /// Coordinate descent converges slowly on ill-conditioned features. Once it has found which coefficients
    /// are zero and the signs of the others, the model's minimum on that support solves a linear system;
    /// that exact step is used when it keeps every sign, so Newton's fast final convergence is not lost.
    private func polishedOnSupport(_ delta: [Double], hessian: [Double], gradient: [Double], x: [Double]) -> [Double]? {
        let size = x.count
        let d = size - 1
        let free = { (j: Int) in j == d || self.penaltyWeights[j] == 0 }
        let active = (0..<size).filter { free($0) || x[$0] + delta[$0] != 0 }
        let signs = active.map { free($0) ? 0.0 : (x[$0] + delta[$0] > 0 ? 1.0 : -1.0) }
        var reduced = [Double](repeating: 0, count: active.count * active.count)
        var rhs = [Double](repeating: 0, count: active.count)
        for (a, j) in active.enumerated() {
            rhs[a] = -(gradient[j] + signs[a])
            for k in 0..<size where !active.contains(k) {
                rhs[a] -= hessian[j * size + k] * delta[k]
            }
            for (b, k) in active.enumerated() { reduced[a * active.count + b] = hessian[j * size + k] }
        }
        guard let step = choleskySolve(reduced, rhs) else { return nil }
        var polished = delta
        for (a, j) in active.enumerated() {
            polished[j] = step[a]
            if !free(j) && (x[j] + step[a]) * signs[a] <= 0 { return nil }
        }
        return polished
    }
}
