#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A distribution-free confidence interval for a quantile: two order statistics of a sample that bracket the
/// population's `level`-quantile with at least the asked confidence, whatever the distribution (Hahn and Meeker,
/// *Statistical Intervals*, 2nd ed., 5.2). The count `B` of sample values below the quantile is Binomial(n, level);
/// the `r`-th smallest value lies at or below it when `B >= r`, the `k`-th at or above it when `B < k`, so the
/// pair covers it with probability `P(r <= B <= k - 1)`. Each tail holds at most half of `1 - confidence`. With few
/// values an end may not exist (below the smallest value, say, for a low quantile of 20 values): it is nil then.
public struct QuantileInterval: Equatable, Sendable, CustomStringConvertible {
    /// The lower end (the `lowerRank`-th smallest value), or nil when no order statistic is low enough.
    public let lower: Double?
    /// The upper end (the `upperRank`-th smallest value), or nil when no order statistic is high enough.
    public let upper: Double?
    /// The 1-based ranks of the ends among the sorted values.
    public let lowerRank: Int?, upperRank: Int?
    /// The confidence asked for (the interval's coverage is at least this).
    public let confidence: Double
    /// How many values the interval was found from.
    public let count: Int

    /// The interval around the `level`-quantile (in (0, 1)) of `values` at `confidence` (in (0, 1)).
    public init(_ values: [Double], level: Double, confidence: Double = 0.95) {
        let sorted = values.sorted()
        (lowerRank, upperRank) = Self.ranks(count: sorted.count, level: level, confidence: confidence)
        lower = lowerRank.map { sorted[$0 - 1] }
        upper = upperRank.map { sorted[$0 - 1] }
        self.confidence = confidence
        count = sorted.count
    }

    /// The ranks `(r, k)` for `count` values: `r` the largest rank with `P(B <= r - 1) <= (1 - confidence) / 2`,
    /// `k` the smallest with `P(B <= k - 1) >= 1 - (1 - confidence) / 2`, `B ~ Binomial(count, level)`; nil where
    /// none is (and both nil for a level or confidence outside (0, 1)).
    public static func ranks(count: Int, level: Double, confidence: Double) -> (lower: Int?, upper: Int?) {
        guard count > 0, level > 0, level < 1, confidence > 0, confidence < 1 else { return (nil, nil) }
        let tail = (1 - confidence) / 2
        let n = Double(count)
        let logP = log(level), logQ = log1p(-level), logFactorialN: Double = lgamma(n + 1)
        var lower: Int?, upper: Int?
        var cumulative = 0.0  // P(B <= rank - 1) before rank `rank` is looked at
        for rank in 1...count {
            let i = Double(rank - 1)
            cumulative += exp(logFactorialN - lgamma(i + 1) - lgamma(n - i + 1) + i * logP + (n - i) * logQ)
            if cumulative <= tail { lower = rank }
            if cumulative >= 1 - tail {
                upper = rank
                break
            }
        }
        return (lower, upper)
    }

    /// Say "0.975 to 0.985 (95%, order statistics 3 and 12 of 138)", or "below 0.925 (...)" for an open end.
    public var description: String {
        let percent = "\(Int((100 * confidence).rounded()))%"
        let ends: String
        switch (lower, upper) {
        case let (lower?, upper?): ends = "\(lower) to \(upper)"
        case let (nil, upper?): ends = "at most \(upper), with no lower end"
        case let (lower?, nil): ends = "at least \(lower), with no upper end"
        case (nil, nil): ends = "unbounded"
        }
        let which = [lowerRank, upperRank].compactMap { $0.map(String.init) }
        return "\(ends) (\(percent), " + (which.isEmpty ? "\(count) values" : "order statistic\(which.count == 1 ? "" : "s") \(which.joined(separator: " and ")) of \(count)") + ")"
    }
}
