import BatchRunning
import FileIO
import Learning
import MaskFeatures
import Matrices

/// Features joined to labels: the rows a mask filter learns from, and everything that did not make it.
public struct TrainingSet: Sendable {
    /// Files of the usable rows, in the order a single `features` run writes them (`TablePlace`), whatever the
    /// table's own row order: a shuffled or re-sorted copy of a table trains the same model.
    public let files: [String]
    /// Their six features.
    public let data: Matrix
    /// Their labels (true = good).
    public let labels: [Bool]
    /// The features of the measured masks without a label (`ok` rows only), in the same order: what a few labels
    /// are trained to filter, whose expected outcomes can place a threshold (`TrainingOptions.expectedThresholds`).
    public let unlabelled: Matrix
    /// Feature rows left out, with why (no label, an empty mask, an error row: unreadable, or listed twice).
    public let excluded: [(file: String, reason: String)]
    /// How many feature rows were left out for want of a label, for an empty mask, and for an error (an unreadable
    /// mask, a file listed twice), with the first error.
    private struct ExclusionCounts: Sendable {
        var unlabelled = 0, empty = 0, errors = 0
        var firstError: (file: String, reason: String)?
    }
    private let exclusionCounts: ExclusionCounts
    /// Label rows that matched no feature row.
    public let unjoinedLabels: [LabelTable.Entry]
    /// How many rows are used and what was left out, for people; nil when nothing was left out.
    public var usage: String? {
        guard !excluded.isEmpty || !unjoinedLabels.isEmpty else { return nil }
        let counts = exclusionCounts
        let first = counts.firstError.map { " (the first: \($0.file): \($0.reason))" } ?? ""
        let parts = [(counts.unlabelled, "without a label"), (counts.empty, "empty"), (counts.errors, "in error" + first)]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return "\(files.count) rows used; left out \(excluded.count) feature rows" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
            + " and \(unjoinedLabels.count) labels without features"
    }

    /// How the labels failed to join the masks, when some labels joined no mask or no mask was labelled
    /// (`LabelTable.joinExplanation`); nil otherwise.
    public let joinNote: String?

    /// Joins feature rows to labels (see `LabelTable.join`).
    public init(features table: [FeatureRow], labels: LabelTable) throws(LabelTable.JoinError) {
        // The held-out split, the folds and the self-training draw rows by their position: put the rows in their
        // places first, so that no result depends on how the table was sorted (ties keep the table's order).
        let features = TablePlace.sorted(table, file: \.file, index: \.index)
        let joined = try labels.join(features.map(\.file))
        var files: [String] = []
        var values: [Double] = []
        var rowLabels: [Bool] = []
        var excluded: [(String, String)] = []
        var unlabelledValues: [Double] = []
        var counts = ExclusionCounts()
        for (row, entry) in zip(features, joined.labels) {
            guard let label = entry else {
                excluded.append((row.file, "no label"))
                counts.unlabelled += 1
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
                counts.empty += 1
            case .error:
                excluded.append((row.file, "error: \(row.error ?? "no reason given")"))
                counts.errors += 1
                if counts.firstError == nil { counts.firstError = excluded.last }
            }
        }
        self.files = files
        let columns = features.first { $0.values != nil }?.values?.count ?? 0
        self.data = Matrix(rows: files.count, columns: columns, values: values) ?? Matrix(rows: 0, columns: columns)
        self.unlabelled = Matrix(rows: columns == 0 ? 0 : unlabelledValues.count / columns, columns: columns, values: unlabelledValues)
            ?? Matrix(rows: 0, columns: columns)
        self.labels = rowLabels
        self.excluded = excluded
        exclusionCounts = counts
        self.unjoinedLabels = joined.unjoined
        joinNote = joined.unjoined.isEmpty && !files.isEmpty ? nil : labels.joinExplanation(features.map(\.file))
    }
}
