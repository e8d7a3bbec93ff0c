/// Ranking metrics of scores against binary labels, as scikit-learn computes them.
public enum RankingCurves {
    /// Every distinct threshold, highest first, preceded by `+infinity` (nothing accepted): scikit-learn's
    /// `roc_curve(drop_intermediate=False)` with its counts.
    public static func operatingPoints(labels: [Bool], scores: [Double]) -> [OperatingPoint] {
        expectedOperatingPoints(labels: labels, scores: scores, unlabelledScores: [], probabilities: [], resolution: 1)
    }

    /// The operating points expected over labelled and unlabelled rows together: a labelled row counts as its
    /// label, an unlabelled row as good with its `probability` and bad with the rest. Counts are in units of
    /// `1 / resolution` of a row (each probability rounded to that), so a strategy chooses on them as on
    /// `operatingPoints` (with its `minAccepted` times `resolution`).
    public static func expectedOperatingPoints(labels: [Bool], scores: [Double], unlabelledScores: [Double],
                                               probabilities: [Double], resolution: Int) -> [OperatingPoint] {
        precondition(labels.count == scores.count && unlabelledScores.count == probabilities.count, "lengths differ")
        let good = labels.map { $0 ? resolution : 0 }
            + probabilities.map { Int((min(max($0.isNaN ? 0 : $0, 0), 1) * Double(resolution)).rounded()) }
        let allScores = scores + unlabelledScores
        let positives = good.reduce(0, +)
        let negatives = allScores.count * resolution - positives
        let order = allScores.indices.sorted { allScores[$0] > allScores[$1] }
        var points = [OperatingPoint(threshold: .infinity, truePositives: 0, falsePositives: 0,
                                     positives: positives, negatives: negatives)]
        var tp = 0
        var fp = 0
        for (rank, index) in order.enumerated() {
            tp += good[index]
            fp += resolution - good[index]
            if rank + 1 == order.count || allScores[order[rank + 1]] != allScores[index] {
                points.append(OperatingPoint(threshold: allScores[index], truePositives: tp, falsePositives: fp,
                                             positives: positives, negatives: negatives))
            }
        }
        return points
    }

    /// ROC AUC by the trapezoid rule over all operating points; nil without both classes.
    public static func rocAUC(labels: [Bool], scores: [Double]) -> Double? {
        let points = operatingPoints(labels: labels, scores: scores)
        guard let first = points.first, first.positives > 0, first.negatives > 0 else { return nil }
        var area = 0.0
        for k in 1..<points.count {
            area += (points[k].fpr - points[k - 1].fpr) * (points[k].tpr + points[k - 1].tpr) / 2
        }
        return area
    }

    /// ROC AUC with a weight per row, as scikit-learn's `roc_auc_score(..., sample_weight=weights)`: the share of
    /// the weighted (positive, negative) pairs the scores order rightly, ties counting half. Nil without both
    /// classes of positive weight, or when the lengths differ.
    public static func rocAUC(labels: [Bool], scores: [Double], weights: [Double]) -> Double? {
        guard labels.count == scores.count, weights.count == scores.count else { return nil }
        var negativesBelow = 0.0, pairs = 0.0
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            let tied = order[start..<end]
            let positives = tied.filter { labels[$0] }.reduce(0.0) { $0 + weights[$1] }
            let negatives = tied.filter { !labels[$0] }.reduce(0.0) { $0 + weights[$1] }
            pairs += positives * (negativesBelow + negatives / 2)
            negativesBelow += negatives
            start = end
        }
        let positives = zip(labels, weights).filter { $0.0 }.reduce(0.0) { $0 + $1.1 }
        guard positives > 0, negativesBelow > 0 else { return nil }
        return pairs / (positives * negativesBelow)
    }

    /// One point of a precision-recall curve; `threshold` is nil for the final (recall 0, precision 1) point.
    public struct PRPoint: Equatable, Sendable {
        /// The score threshold.
        public let threshold: Double?
        /// Precision at the threshold.
        public let precision: Double
        /// Recall at the threshold.
        public let recall: Double
    }

    /// scikit-learn's `precision_recall_curve` (1.9, `drop_intermediate=False`): every distinct threshold,
    /// ascending, then the point (recall 0, precision 1) without a threshold. Empty without positives.
    public static func precisionRecallCurve(labels: [Bool], scores: [Double]) -> [PRPoint] {
        let points = operatingPoints(labels: labels, scores: scores).dropFirst()
        guard let last = points.last, last.positives > 0 else { return [] }
        var curve = points.reversed().map { point in
            PRPoint(threshold: point.threshold,
                    precision: Double(point.truePositives) / Double(point.truePositives + point.falsePositives),
                    recall: Double(point.truePositives) / Double(point.positives))
        }
        curve.append(PRPoint(threshold: nil, precision: 1, recall: 0))
        return curve
    }

    /// scikit-learn's `average_precision_score`: `sum (R_n - R_{n-1}) P_n`; nil without positives.
    public static func averagePrecision(labels: [Bool], scores: [Double]) -> Double? {
        let curve = precisionRecallCurve(labels: labels, scores: scores)
        guard !curve.isEmpty else { return nil }
        var sum = 0.0
        for k in 0..<curve.count - 1 {
            sum -= (curve[k + 1].recall - curve[k].recall) * curve[k].precision
        }
        return sum
    }
}
