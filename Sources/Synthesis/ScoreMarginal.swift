#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distribution of one quality score, as a quantile function through the study's quartiles: linear
/// between the 25th, 50th and 75th percentiles, and a power or Pareto tail beyond them towards the minimum
/// and maximum. Tail parameters were fitted (least squares, 60,000-point grid) to the study's mean and
/// standard deviation, and for the heavy-tailed scores to the minimum too.
public struct ScoreMarginal: Sendable {
    /// How the lower tail (below the 25th percentile) falls off.
    public enum LowerTail: Sendable {
        /// `q1 - (q1 - min) t^k` with `t = (0.25 - p) / 0.25`.
        case power(Double)
        /// `max(min, q1 - s ((0.25 / p)^xi - 1) / xi)`: a heavy tail with rare extreme values.
        case pareto(scale: Double, shape: Double)
    }

    /// The score's name in the dataset (`score_shape`, ...).
    public let name: String
    /// Minimum, quartiles and maximum of the study.
    public let minimum: Double, q1: Double, median: Double, q3: Double, maximum: Double
    /// The lower tail.
    public let lowerTail: LowerTail
    /// Exponent of the upper tail `q3 + (max - q3) t^k`, `t = (p - 0.75) / 0.25`.
    public let upperExponent: Double

    /// The five scores of the study, in dataset order.
    public static let study: [ScoreMarginal] = [
        ScoreMarginal(name: "score_shape", minimum: -1.496, q1: -0.302, median: -0.142, q3: -0.004, maximum: 0.489,
                      lowerTail: .power(9.5906), upperExponent: 7.538),
        ScoreMarginal(name: "score_abnormal", minimum: -1, q1: -0.62, median: 0.058, q3: 0.62, maximum: 0.988,
                      lowerTail: .power(0.58525), upperExponent: 0.89975),
        ScoreMarginal(name: "score_maxheat", minimum: -1, q1: -0.199, median: 0.359, q3: 0.654, maximum: 0.999,
                      lowerTail: .power(0.54958), upperExponent: 1.2199),
        ScoreMarginal(name: "score_symmetry", minimum: -37, q1: -1.902, median: -0.732, q3: 0.032, maximum: 1,
                      lowerTail: .pareto(scale: 1.7458, shape: 0.26948), upperExponent: 5.7568),
        ScoreMarginal(name: "score_left2right", minimum: -2582.8, q1: -0.702, median: 0.041, q3: 0.552, maximum: 1,
                      lowerTail: .pareto(scale: 0.086, shape: 1), upperExponent: 1),
    ]

    /// The score at cumulative probability `p` in [0, 1].
    public func quantile(_ p: Double) -> Double {
        switch p {
        case ..<0.25:
            switch lowerTail {
            case .power(let k):
                return q1 - (q1 - minimum) * pow((0.25 - p) / 0.25, k)
            case .pareto(let scale, let shape):
                guard p > 0 else { return minimum }
                return max(minimum, q1 - scale * (pow(0.25 / p, shape) - 1) / shape)
            }
        case ..<0.5: return q1 + (median - q1) * (p - 0.25) / 0.25
        case ..<0.75: return median + (q3 - median) * (p - 0.5) / 0.25
        default: return q3 + (maximum - q3) * pow(min(1, (p - 0.75) / 0.25), upperExponent)
        }
    }

    /// The cumulative probability at which the score crosses 0 (the share of images failing the check).
    public var probabilityBelowZero: Double {
        var low = 0.0
        var high = 1.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if quantile(middle) < 0 { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}

/// The standard normal distribution.
enum StandardNormal {
    /// Φ(x).
    static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Φ⁻¹(p), by bisection to double precision.
    static func quantile(_ p: Double) -> Double {
        var low = -40.0
        var high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cdf(middle) < p { low = middle } else { high = middle }
            if high - low < 1e-14 { break }
        }
        return (low + high) / 2
    }
}
