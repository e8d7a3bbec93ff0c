import Matrices
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gaussian naive Bayes as scikit-learn's `GaussianNB`: per class the prior (its share of the rows), and per
/// class and column the mean and the population variance plus `varSmoothing` times the largest column
/// variance; the score is the posterior probability of the positive class. No scaling is needed.
public struct GaussianNaiveBayes: Classifier, Hashable {
    /// Share of the largest column variance added to every variance, for stability (scikit-learn's 1e-9).
    public var varSmoothing: Double

    /// scikit-learn's default smoothing.
    public init(varSmoothing: Double = 1e-9) {
        self.varSmoothing = varSmoothing
    }

    /// `var_smoothing`.
    public var parameters: String { "var_smoothing=\(varSmoothing)" }

    /// The class priors, means and smoothed variances.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> NaiveBayesModel {
        try validateTrainingData(data, labels)
        guard varSmoothing >= 0, varSmoothing.isFinite else { throw .invalidParameter("var_smoothing must be a number >= 0") }
        let columns = data.columns
        func moments(_ rows: [Int]) -> (means: [Double], variances: [Double]) {
            var means = [Double](repeating: 0, count: columns), variances = means
            for row in rows { for column in 0..<columns { means[column] += data[row, column] } }
            for column in 0..<columns { means[column] /= Double(rows.count) }
            for row in rows {
                for column in 0..<columns {
                    let deviation = data[row, column] - means[column]
                    variances[column] += deviation * deviation
                }
            }
            return (means, variances.map { $0 / Double(rows.count) })
        }
        let epsilon = varSmoothing * (moments(Array(0..<data.rows)).variances.max() ?? 0)
        let classes = [labels.indices.filter { !labels[$0] }, labels.indices.filter { labels[$0] }].map(moments)
        return NaiveBayesModel(classPriors: [false, true].map { label in Double(labels.filter { $0 == label }.count) / Double(labels.count) },
                               classMeans: classes.map(\.means), classVariances: classes.map { $0.variances.map { $0 + epsilon } })
    }
}

/// A fitted Gaussian naive Bayes model: per class (negative, then positive) the prior, the column means and
/// the smoothed variances.
public struct NaiveBayesModel: FittedModel {
    /// Prior of the negative and of the positive class.
    public let classPriors: [Double]
    /// Column means of each class.
    public let classMeans: [[Double]]
    /// Column variances of each class, smoothed (all positive).
    public let classVariances: [[Double]]

    /// A model from its parameters.
    public init(classPriors: [Double], classMeans: [[Double]], classVariances: [[Double]]) {
        self.classPriors = classPriors
        self.classMeans = classMeans
        self.classVariances = classVariances
    }

    /// `naive-bayes`.
    public static let kind = "naive-bayes"

    /// The number of columns.
    public var featureCount: Int { classMeans.first?.count ?? 0 }

    /// The posterior probability of the positive class, `1 / (1 + exp(jll0 - jll1))` with `jll` each class's
    /// joint log likelihood.
    public func scores(_ data: Matrix) -> [Double] {
        let constants = (0..<2).map { label in
            log(classPriors[label]) - 0.5 * classVariances[label].reduce(0) { $0 + log(2 * Double.pi * $1) }
        }
        return (0..<data.rows).map { row in
            var joint = constants
            for label in 0..<2 {
                for column in 0..<data.columns {
                    let deviation = data[row, column] - classMeans[label][column]
                    joint[label] -= 0.5 * deviation * deviation / classVariances[label][column]
                }
            }
            let difference = joint[0] - joint[1]
            return difference > 0 ? exp(-difference) / (1 + exp(-difference)) : 1 / (1 + exp(difference))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case classPriors, classMeans, classVariances
    }

    /// `class_priors`, `class_means` and `class_variances`, negative class first.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(classPriors, forKey: .classPriors)
        try container.encode(classMeans, forKey: .classMeans)
        try container.encode(classVariances, forKey: .classVariances)
    }

    /// Reads two positive priors and, per class, as many finite means as positive finite variances.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let priors = try container.finiteNumbers(.classPriors)
        let means = try container.decode([[Double]].self, forKey: .classMeans)
        let variances = try container.decode([[Double]].self, forKey: .classVariances)
        try container.require(priors.count == 2 && priors.allSatisfy { $0 > 0 }, .classPriors, "needs two positive priors")
        try container.require(means.count == 2 && means[0].count == means[1].count && means.joined().allSatisfy(\.isFinite),
                              .classMeans, "needs two rows of as many finite means")
        try container.require(variances.map(\.count) == means.map(\.count) && variances.joined().allSatisfy { $0 > 0 && $0.isFinite },
                              .classVariances, "needs a positive finite variance for every mean")
        self.init(classPriors: priors, classMeans: means, classVariances: variances)
    }
}
