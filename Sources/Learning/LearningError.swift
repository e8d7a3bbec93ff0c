import Matrices

/// Why a model could not be fitted or applied.
public enum LearningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The training data has no rows, or only one class.
    case needsBothClasses(positives: Int, negatives: Int)
    /// Labels and rows differ in number.
    case sizeMismatch(rows: Int, labels: Int)
    /// Input has a different number of features from what the model was fitted on.
    case featureCountMismatch(expected: Int, got: Int)
    /// A value is NaN or infinite.
    case nonFiniteValue(row: Int, column: Int)
    /// Every column of the training data is constant (or there is none): nothing to learn from.
    case nothingVaries(columns: Int)
    /// A parameter is out of range.
    case invalidParameter(String)

    /// What went wrong, in words a user can act on.
    public var description: String {
        switch self {
        case .needsBothClasses(let positives, let negatives):
            return "training needs both classes; got \(positives) positive and \(negatives) negative rows"
        case .sizeMismatch(let rows, let labels):
            return "\(rows) rows but \(labels) labels"
        case .featureCountMismatch(let expected, let got):
            return "the model expects \(expected) features, got \(got)"
        case .nonFiniteValue(let row, let column):
            return "row \(row), column \(column) is not a finite number"
        case .nothingVaries(let columns):
            return columns == 0 ? "the training data has no columns" : "every one of the \(columns) columns is constant: nothing to learn from"
        case .invalidParameter(let message):
            return message
        }
    }
}

/// Checks a training set: sizes agree, values finite, both classes present.
func validateTrainingData(_ data: Matrix, _ labels: [Bool]) throws(LearningError) {
    guard data.rows == labels.count else { throw .sizeMismatch(rows: data.rows, labels: labels.count) }
    if !data.allFinite, let index = data.values.firstIndex(where: { !$0.isFinite }) {
        throw .nonFiniteValue(row: index / max(1, data.columns), column: index % max(1, data.columns))
    }
    let positives = labels.filter { $0 }.count
    guard positives > 0, positives < labels.count else {
        throw .needsBothClasses(positives: positives, negatives: labels.count - positives)
    }
    // Row by row against the first row: in real data the first comparison already differs.
    let varies = data.values.withUnsafeBufferPointer { values in
        (data.columns..<values.count).contains { values[$0] != values[$0 % data.columns] }
    }
    guard varies else { throw .nothingVaries(columns: data.columns) }
}
