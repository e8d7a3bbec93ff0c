import Matrices

/// Training rows with their labels and their standardisation: the scaler fitted on them and the rows it scales,
/// made once for every candidate behind a scaler (`StandardisedClassifier`) that is fitted to them.
struct ScaledRows: Sendable {
    /// Their labels.
    let labels: [Bool]
    /// The scaler fitted on the rows.
    let scaler: StandardScaler
    /// The rows standardised by `scaler`.
    let scaled: Matrix

    /// Checks the rows as `StandardisedClassifier.fit` does, then scales them.
    init(_ rows: Matrix, _ labels: [Bool]) throws(LearningError) {
        try validateTrainingData(rows, labels)
        self.labels = labels
        scaler = StandardScaler(fitting: rows)
        scaled = scaler.transform(rows)
    }
}
