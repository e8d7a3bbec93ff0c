import SeededRandom

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// the design's speed-up of generation by screening latent vectors: generation time is proportional to
/// 1/precision, so `speedup = p2 / p1`; with generator time `t0` per image, screening time `c` per vector and
/// pass rate `r`, `speedup = (t0 / p1) / (t0 / p2 + c / (p2 r))`.
public struct SpeedUp: Sendable {
    /// Precision before screening (all vectors).
    public let before: GoodCount
    /// Precision after screening (accepted vectors).
    public let after: GoodCount

    /// The speed-up of `after` over `before`.
    public init(before: GoodCount, after: GoodCount) {
        self.before = before
        self.after = after
    }

    /// `p2 / p1`, screening taken as free; nil when `p1` is 0.
    public static func ratio(p1: Double, p2: Double) -> Double? {
        p1 > 0 ? p2 / p1 : nil
    }

    /// `(t0 / p1) / (t0 / p2 + c / (p2 r))`; nil when a precision or the pass rate is 0.
    public static func withCost(p1: Double, p2: Double, generationSeconds t0: Double, screenSeconds c: Double,
                                passRate r: Double) -> Double? {
        guard p1 > 0, p2 > 0, r > 0 else { return nil }
        return (t0 / p1) / (t0 / p2 + c / (p2 * r))
    }

    /// Bootstrap estimates: each replicate resamples the `before` and `after` images with replacement
    /// (so each count is binomial), recomputes both precisions and the speed-up; the interval is the 2.5th to
    /// 97.5th percentile. The two samples are resampled independently. As `SplitEvaluation` does, where the percentile
    /// bootstrap of a proportion fails (`SplitEvaluation.wilsonWhereBootstrapFails`: fewer than 100 images, or none or
    /// all of them good, where `--after 10/10` gave "1.0000 to 1.0000") a precision's interval is widened to hold
    /// Wilson's 95% score interval of its count, and the speed-up's to hold the after count's over the before
    /// precision.
    public func estimates(replicates: Int = ModelSelection.defaultReplicates, seed: UInt64 = 0,
                          cost: (generationSeconds: Double, screenSeconds: Double, passRate: Double)? = nil)
        -> (precisionBefore: Estimate, precisionAfter: Estimate, speedup: Estimate, speedupWithCost: Estimate?) {
        var random = SeededGenerator(seed: seed)
        var p1s: [Double] = []
        var p2s: [Double] = []
        var ratios: [Double] = []
        var costed: [Double] = []
        for _ in 0..<replicates {
            let p1 = Double(Self.binomial(before.total, before.precision, &random)) / Double(before.total)
            let p2 = Double(Self.binomial(after.total, after.precision, &random)) / Double(after.total)
            p1s.append(p1)
            p2s.append(p2)
            if let ratio = Self.ratio(p1: p1, p2: p2) { ratios.append(ratio) }
            if let cost, let value = Self.withCost(p1: p1, p2: p2, generationSeconds: cost.generationSeconds,
                                                   screenSeconds: cost.screenSeconds, passRate: cost.passRate) {
                costed.append(value)
            }
        }
        func estimate(_ value: Double?, _ samples: [Double]) -> Estimate {
            Estimate(value: value, samples: samples, replicates: replicates)
        }
        let p1 = before.precision
        let p2 = after.precision
        let costedValue = cost.flatMap { cost in
            Self.withCost(p1: p1, p2: p2, generationSeconds: cost.generationSeconds, screenSeconds: cost.screenSeconds,
                          passRate: cost.passRate)
        }
        let wilsonBefore = SplitEvaluation.wilsonWhereBootstrapFails(successes: before.good, trials: before.total)
        let wilsonAfter = SplitEvaluation.wilsonWhereBootstrapFails(successes: after.good, trials: after.total)
        let ratioBounds = wilsonAfter.flatMap { w in p1 > 0 ? (low: w.low / p1, high: w.high / p1) : nil }
        return (estimate(p1, p1s).widened(to: wilsonBefore), estimate(p2, p2s).widened(to: wilsonAfter),
                estimate(Self.ratio(p1: p1, p2: p2), ratios).widenedIfBounded(to: ratioBounds),
                cost == nil ? nil : estimate(costedValue, costed))
    }

    /// A binomial(n, p) draw: by geometric waiting times when `n min(p, 1-p)` is small (about that many steps),
    /// else by inversion searching outwards from the mode (about `sqrt(n p (1-p))` steps), so that bootstrap
    /// replicates of large splits stay cheap.
    static func binomial(_ n: Int, _ p: Double, _ random: inout SeededGenerator) -> Int {
        if p <= 0 { return 0 }
        if p >= 1 { return n }
        let q = min(p, 1 - p)
        let draw = Double(n) * q < 30 ? waitingTimes(n, q, &random) : fromMode(n, q, &random)
        return p <= 0.5 ? draw : n - draw
    }

    /// Successes of `n` trials with success probability `q` counted by jumping over the failures.
    private static func waitingTimes(_ n: Int, _ q: Double, _ random: inout SeededGenerator) -> Int {
        let logComplement = log1p(-q)
        var successes = 0
        var position = 0
        while true {
            let u = 1 - random.uniform()  // (0, 1]
            position += Int((log(u) / logComplement).rounded(.down)) + 1
            if position > n { break }
            successes += 1
        }
        return successes
    }

    /// Inversion of the binomial(n, q) distribution, subtracting probabilities from a uniform draw alternately
    /// below and above the mode, each from its neighbour by the ratio of consecutive terms.
    private static func fromMode(_ n: Int, _ q: Double, _ random: inout SeededGenerator) -> Int {
        let mode = Int((Double(n + 1) * q).rounded(.down))
        let odds = q / (1 - q)
        let logAtMode = lgamma(Double(n + 1)) - lgamma(Double(mode + 1)) - lgamma(Double(n - mode + 1))
            + Double(mode) * log(q) + Double(n - mode) * log1p(-q)
        var u = random.uniform() - exp(logAtMode)
        if u <= 0 { return mode }
        var low = mode, high = mode
        var lowTerm = exp(logAtMode), highTerm = lowTerm
        while low > 0 || high < n {
            if low > 0 {
                lowTerm *= Double(low) / (Double(n - low + 1) * odds)
                low -= 1
                u -= lowTerm
                if u <= 0 { return low }
            }
            if high < n {
                highTerm *= Double(n - high) / Double(high + 1) * odds
                high += 1
                u -= highTerm
                if u <= 0 { return high }
            }
        }
        return mode  // rounding left a sliver of probability unassigned
    }
}
