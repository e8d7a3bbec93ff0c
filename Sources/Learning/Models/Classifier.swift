import Matrices

/// A model with its hyperparameters set, ready to fit: scikit-learn's estimator before `fit`.
///
/// A model kind is one file holding its `Classifier` and its `FittedModel`, plus one entry in `ModelCatalogue`.
public protocol Classifier: Sendable {
    /// What fitting gives.
    associatedtype Fitted: FittedModel

    /// The hyperparameters as scikit-learn names them, `name=value` joined by `;`.
    var parameters: String { get }

    /// Fits to `data` (rows are samples) and `labels` (true = positive class). Refuses, with a clear error, a
    /// single class, a non-finite value and a table whose every column is constant (`validateTrainingData`).
    func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> Fitted
}
