import FileIO
import Learning
import MaskFeatures
import Matrices

/// Features joined to labels: the rows a mask filter learns from, and everything that did not make it.
public struct TrainingSet: Sendable {
    /// Files of the usable rows, in feature-table order.
    public let files: [String]
    /// Their six features.
    public let data: Matrix
    /// Their labels (true = good).
    public let labels: [Bool]
    /// The features of the measured masks without a label (`ok` rows only), in table order: what a few labels
    /// are trained to filter, whose expected outcomes can place a threshold (`TrainingOptions.expectedThresholds`).
    public let unlabelled: Matrix
    /// Feature rows left out, with why (empty mask, unreadable, no label).
    public let excluded: [(file: String, reason: String)]
    /// Label rows that matched no feature row.
    public let unjoinedLabels: [LabelTable.Entry]
    /// How many rows are used and what was left out, for people; nil when nothing was left out.
    public var usage: String? {
        guard !excluded.isEmpty || !unjoinedLabels.isEmpty else { return nil }
        return "\(files.count) rows used; left out \(excluded.count) feature rows (empty, unreadable or unlabelled) and "
            + "\(unjoinedLabels.count) labels without features"
    }

    /// How the labels failed to join the masks, when some labels joined no mask or no mask was labelled
    /// (`LabelTable.joinExplanation`); nil otherwise.
    public let joinNote: String?

    /// Joins feature rows to labels (see `LabelTable.join`).
    public init(features: [FeatureRow], labels: LabelTable) throws(LabelTable.JoinError) {
        let joined = try labels.join(features.map(\.file))
        var files: [String] = []
        var values: [Double] = []
        var rowLabels: [Bool] = []
        var excluded: [(String, String)] = []
        var unlabelledValues: [Double] = []
        for (row, entry) in zip(features, joined.labels) {
            guard let label = entry else {
                excluded.append((row.file, "no label"))
                if row.status == .ok { unlabelledValues.append(contentsOf: row.values ?? []) }
                continue
            }
            switch row.status {
            case .ok:
                files.append(row.file)
                values.append(contentsOf: row.values ?? [])
                rowLabels.append(label.isGood)
            case .empty:
                excluded.append((row.file, "empty mask (no features)"))
            case .error:
                excluded.append((row.file, "unreadable: \(row.error ?? "error")"))
            }
        }
        self.files = files
        let columns = features.first { $0.values != nil }?.values?.count ?? 0
        self.data = Matrix(rows: files.count, columns: columns, values: values) ?? Matrix(rows: 0, columns: columns)
        self.unlabelled = Matrix(rows: columns == 0 ? 0 : unlabelledValues.count / columns, columns: columns, values: unlabelledValues)
            ?? Matrix(rows: 0, columns: columns)
        self.labels = rowLabels
        self.excluded = excluded
        self.unjoinedLabels = joined.unjoined
        joinNote = joined.unjoined.isEmpty && !files.isEmpty ? nil : labels.joinExplanation(features.map(\.file))
    }
}
