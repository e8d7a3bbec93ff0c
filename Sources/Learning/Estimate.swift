/// A point estimate with its 95% bootstrap interval; bounds are nil when too few replicates were defined.
public struct Estimate: Equatable, Sendable {
    /// The estimate on the data as it is.
    public let value: Double?
    /// 2.5th percentile of the replicates.
    public let low: Double?
    /// 97.5th percentile of the replicates.
    public let high: Double?

    /// An estimate with explicit bounds.
    public init(value: Double?, low: Double?, high: Double?) {
        self.value = value
        self.low = low
        self.high = high
    }

    /// `value` with the 2.5th-97.5th percentile interval of `samples`, the replicates in which the statistic was
    /// defined. Without a value, or with fewer than 95% of `replicates` defined, there are no bounds: they would
    /// describe a biased subset.
    public init(value: Double?, samples: [Double], replicates: Int) {
        guard value != nil, !samples.isEmpty, samples.count * 20 >= replicates * 19 else {
            self.init(value: value, low: nil, high: nil)
            return
        }
        let bounds = Quantile.of(samples, at: [0.025, 0.975])
        self.init(value: value, low: bounds[0], high: bounds[1])
    }
}
