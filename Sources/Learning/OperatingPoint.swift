/// A point of a ranking curve: the counts when every score `>= threshold` is accepted.
public struct OperatingPoint: Equatable, Sendable {
    /// The score threshold (`+infinity` for "accept nothing").
    public let threshold: Double
    /// Positives accepted.
    public let truePositives: Int
    /// Negatives accepted.
    public let falsePositives: Int
    /// Positive rows in all.
    public let positives: Int
    /// Negative rows in all.
    public let negatives: Int

    /// The full confusion matrix at this point.
    public var confusion: ConfusionMatrix {
        ConfusionMatrix(truePositives: truePositives, falsePositives: falsePositives,
                        trueNegatives: negatives - falsePositives, falseNegatives: positives - truePositives)
    }
    /// True positive rate (recall).
    public var tpr: Double { positives == 0 ? .nan : Double(truePositives) / Double(positives) }
    /// False positive rate.
    public var fpr: Double { negatives == 0 ? .nan : Double(falsePositives) / Double(negatives) }
}
