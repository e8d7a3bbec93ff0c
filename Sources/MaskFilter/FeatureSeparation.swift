import Learning

/// How well each feature column alone separates good from bad labelled masks: the ROC AUC of the column as a
/// score (0.5 = no separation; below 0.5 the column is lower in good masks), strongest first.
public struct FeatureSeparation: Sendable {
    /// One column.
    public struct Entry: Equatable, Sendable {
        /// The column name.
        public let feature: String
        /// ROC AUC of the column's values as a score for "good"; nil when one class is missing.
        public let rocAUC: Double?

        /// The AUC of the better direction, `max(auc, 1 - auc)`.
        public var strength: Double { rocAUC.map { max($0, 1 - $0) } ?? 0.5 }
    }

    /// Every column, strongest separation first (ties in column order).
    public let entries: [Entry]

    /// The separation of each of `features` (the columns of `set.data`, in order) on `set`'s labels.
    public init(_ set: TrainingSet, features: [String]) {
        let entries = features.indices.map { column in
            Entry(feature: features[column],
                  rocAUC: RankingCurves.rocAUC(labels: set.labels, scores: (0..<set.data.rows).map { set.data[$0, column] }))
        }
        self.entries = entries.enumerated().sorted { ($0.element.strength, $1.offset) > ($1.element.strength, $0.offset) }.map(\.element)
    }
}
