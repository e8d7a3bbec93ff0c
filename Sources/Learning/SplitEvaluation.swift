import SeededRandom

/// How a threshold does on one split: its counts and rates, and the speed-up `precision / base precision`
/// with 95% bootstrap intervals (docs/design.md: ordinary bootstrap of the split's rows, threshold held fixed, both
/// precisions recomputed in every replicate). Where the percentile bootstrap of a proportion fails
/// (`wilsonWhereBootstrapFails`: fewer than `wilsonBelow` accepted rows, where it covers too little, or every
/// accepted row good, or none, where it collapses to a point on ten rows as on a thousand) each interval is widened
/// to hold Wilson's 95% score interval of the precision (over the base precision for the speed-up), which keeps its
/// coverage there. Elsewhere the bootstrap stands: over a fixed base precision Wilson's would overstate the
/// speed-up's spread, which the base, measured on the same rows, narrows.
public struct SplitEvaluation: Sendable {
    /// The counts at the threshold.
    public let confusion: ConfusionMatrix
    /// Precision with its interval (nil when nothing is accepted).
    public let precision: Estimate
    /// Speed-up with its interval.
    public let speedup: Estimate
    /// With `cost`: the speed-up counting the screen's time, `(T0/p1) / (T0/p2 + C/(p2 R))`, R the pass rate.
    public let speedupWithCost: Estimate?

    /// Below this many accepted rows the bootstrap of the precision covers too little, and the intervals hold
    /// Wilson's.
    public static let wilsonBelow = 100

    /// Evaluates accepting `score >= threshold` (nil threshold: accept nothing); `cost` gives the generator's
    /// seconds per image and the screen's seconds per vector.
    public init(labels: [Bool], scores: [Double], threshold: Double?, replicates: Int = ModelSelection.defaultReplicates, seed: UInt64 = 0,
                cost: ScreeningCost? = nil) {
        let matrix = ConfusionMatrix(labels: labels, scores: scores, threshold: threshold ?? .infinity)
        confusion = matrix
        // Resampling rows only moves counts between the four cells, so a replicate is a multinomial draw over
        // (TP, FP, FN, TN), made here as a chain of binomials.
        var random = SeededGenerator(seed: seed)
        let n = matrix.total
        var precisions: [Double] = []
        var speedups: [Double] = []
        var costed: [Double] = []
        for _ in 0..<(n > 0 ? replicates : 0) {
            var remaining = n
            var left = 1.0
            func draw(_ cell: Int) -> Int {
                let p = left > 0 ? min(1, Double(cell) / Double(n) / left) : 0
                let count = SpeedUp.binomial(remaining, p, &random)
                remaining -= count
                left -= Double(cell) / Double(n)
                return count
            }
            let tp = draw(matrix.truePositives)
            let fp = draw(matrix.falsePositives)
            let fn = draw(matrix.falseNegatives)
            guard tp + fp > 0 else { continue }
            let p2 = Double(tp) / Double(tp + fp)
            precisions.append(p2)
            let p1 = Double(tp + fn) / Double(n)
            if p1 > 0 { speedups.append(p2 / p1) }
            if let cost, let value = cost.speedup(p1: p1, p2: p2, passRate: Double(tp + fp) / Double(n)) { costed.append(value) }
        }
        let precision = matrix.precision
        let base = matrix.basePrecision
        let wilson = Self.wilsonWhereBootstrapFails(successes: matrix.truePositives, trials: matrix.accepted)
        self.precision = Estimate(value: precision, samples: precisions, replicates: replicates).widened(to: wilson)
        speedup = Estimate(value: precision.flatMap { p2 in base.flatMap { $0 > 0 ? p2 / $0 : nil } }, samples: speedups,
                           replicates: replicates)
            .widenedIfBounded(to: wilson.flatMap { w in base.flatMap { $0 > 0 ? (w.low / $0, w.high / $0) : nil } })
        speedupWithCost = cost.map { cost in
            let value = precision.flatMap { p2 in
                base.flatMap { p1 in matrix.passRate.flatMap { cost.speedup(p1: p1, p2: p2, passRate: $0) } }
            }
            return Estimate(value: value, samples: costed, replicates: replicates)
        }
    }
}

extension SplitEvaluation {
    /// Wilson's 95% score interval of `successes / trials` where the percentile bootstrap of that proportion fails:
    /// fewer than `wilsonBelow` trials, or none or all of them successes (a strict strategy's ten accepted masks, all
    /// good, read "precision 100% (100%-100%)" from the bootstrap alone); nil elsewhere, and without trials.
    public static func wilsonWhereBootstrapFails(successes: Int, trials: Int) -> (low: Double, high: Double)? {
        guard trials < wilsonBelow || successes == 0 || successes == trials else { return nil }
        return wilsonInterval(successes: successes, trials: trials)
    }

    /// Wilson's 95% score interval of `successes / trials`; nil without trials.
    public static func wilsonInterval(successes: Int, trials: Int) -> (low: Double, high: Double)? {
        guard trials > 0 else { return nil }
        let z = 1.959963984540054
        let n = Double(trials), p = Double(successes) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }
}

extension Estimate {
    /// This estimate with its interval widened to hold `bounds` (unchanged without them or without a value).
    func widened(to bounds: (low: Double, high: Double)?) -> Estimate {
        guard let bounds, value != nil else { return self }
        return Estimate(value: value, low: min(low ?? bounds.low, bounds.low), high: max(high ?? bounds.high, bounds.high))
    }

    /// As `widened(to:)`, for a speed-up: an estimate the bootstrap left without bounds (the base precision 0 in
    /// too many replicates) stays without them, for bounds from the precision's Wilson interval over the base
    /// precision alone would hide how uncertain that base is.
    func widenedIfBounded(to bounds: (low: Double, high: Double)?) -> Estimate {
        low == nil || high == nil ? self : widened(to: bounds)
    }
}
