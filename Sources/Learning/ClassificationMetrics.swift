/// Counts of a binary decision against the truth.
public struct ConfusionMatrix: Equatable, Sendable, Codable {
    /// Positives accepted.
    public var truePositives: Int
    /// Negatives accepted.
    public var falsePositives: Int
    /// Negatives rejected.
    public var trueNegatives: Int
    /// Positives rejected.
    public var falseNegatives: Int

    /// Counts from explicit numbers.
    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// The counts when rows with `score >= threshold` are accepted (predicted positive).
    public init(labels: [Bool], scores: [Double], threshold: Double) {
        precondition(labels.count == scores.count, "labels and scores differ in length")
        var counts = (tp: 0, fp: 0, tn: 0, fn: 0)
        for (label, score) in zip(labels, scores) {
            switch (label, score >= threshold) {
            case (true, true): counts.tp += 1
            case (false, true): counts.fp += 1
            case (false, false): counts.tn += 1
            case (true, false): counts.fn += 1
            }
        }
        self.init(truePositives: counts.tp, falsePositives: counts.fp, trueNegatives: counts.tn, falseNegatives: counts.fn)
    }

    /// All rows.
    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    /// Rows accepted.
    public var accepted: Int { truePositives + falsePositives }
    /// Positive rows.
    public var positives: Int { truePositives + falseNegatives }
    /// Negative rows.
    public var negatives: Int { falsePositives + trueNegatives }

    /// (TP + TN) / all; nil for no rows.
    public var accuracy: Double? { ratio(truePositives + trueNegatives, total) }
    /// TP / accepted; nil when nothing is accepted.
    public var precision: Double? { ratio(truePositives, accepted) }
    /// TP / positives (TPR); nil without positives.
    public var recall: Double? { ratio(truePositives, positives) }
    /// FP / negatives; nil without negatives.
    public var falsePositiveRate: Double? { ratio(falsePositives, negatives) }
    /// Accepted / all; nil for no rows.
    public var passRate: Double? { ratio(accepted, total) }
    /// Positives / all: the precision before filtering; nil for no rows.
    public var basePrecision: Double? { ratio(positives, total) }
    /// Harmonic mean of precision and recall, 2TP / (2TP + FP + FN); nil when that is 0/0.
    public var f1: Double? { ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }

    private func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}
