import Learning

/// What a latent prefilter promised for one strategy: the precision of the vectors it keeps, the precision
/// without screening, and the speed-up, each with its 95% bootstrap interval, on the held-out split of its
/// training (the test split; validation's when nothing was held out). `latent verify` checks a run against it.
public struct LatentPromise: Codable, Equatable, Sendable {
    /// The strategy.
    public var strategy: ThresholdStrategy
    /// `test`, or `validation` without a test split.
    public var split: String
    /// Precision of the kept vectors, with its interval; nil when nothing was kept.
    public var precision: Double?, precisionLow: Double?, precisionHigh: Double?
    /// Precision of all the split's vectors.
    public var basePrecision: Double?
    /// `precision / basePrecision`, with its interval.
    public var speedup: Double?, speedupLow: Double?, speedupHigh: Double?

    /// The promise of a strategy's row.
    public init(_ row: SelectedModel.ThresholdRow) {
        strategy = row.strategy
        split = row.split
        let evaluation = row.evaluation
        precision = evaluation.precision.value
        precisionLow = evaluation.precision.low
        precisionHigh = evaluation.precision.high
        basePrecision = evaluation.confusion.basePrecision
        speedup = evaluation.speedup.value
        speedupLow = evaluation.speedup.low
        speedupHigh = evaluation.speedup.high
    }

    /// One promise per strategy of `rows`: the test row, else the validation row.
    public static func promises(_ rows: [SelectedModel.ThresholdRow]) -> [LatentPromise] {
        var strategies: [ThresholdStrategy] = []
        for row in rows where !strategies.contains(row.strategy) { strategies.append(row.strategy) }
        return strategies.compactMap { strategy in
            let ofStrategy = rows.filter { $0.strategy == strategy }
            return (ofStrategy.first { $0.split == "test" } ?? ofStrategy.first).map(LatentPromise.init)
        }
    }

    /// What is wrong with a promise read from a model file (a value not finite, bounds out of order), nil when
    /// nothing is.
    var problem: String? {
        let values = [precision, precisionLow, precisionHigh, basePrecision, speedup, speedupLow, speedupHigh]
        if values.contains(where: { $0.map { !$0.isFinite || $0 < 0 } ?? false }) {
            return "the promise of \(strategy) holds a negative or non-finite value"
        }
        if let low = precisionLow, let high = precisionHigh, low > high { return "the promise of \(strategy) has its precision bounds reversed" }
        if let low = speedupLow, let high = speedupHigh, low > high { return "the promise of \(strategy) has its speed-up bounds reversed" }
        return nil
    }
}
