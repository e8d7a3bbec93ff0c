/// A candidate of a model selection: any `Classifier` with its kind and hyperparameters, ready to fit.
public struct ClassifierSpec: Sendable, CustomStringConvertible {
    /// The kind a model file names it by (`logreg`, `tree`, `knn`, `forest`, `mlp`, `truncation`, ...).
    public let kind: String
    /// The hyperparameters as scikit-learn names them, `name=value` joined by `;`.
    public let parameters: String
    /// Whether the scores are probabilities (so that metrics at 0.5 mean something).
    public let scoresAreProbabilities: Bool
    private let fitting: @Sendable (Matrix, [Bool]) throws(LearningError) -> FittedClassifier

    /// The candidate `model`.
    public init<Model: Classifier>(_ model: Model) {
        kind = Model.Fitted.kind
        parameters = model.parameters
        scoresAreProbabilities = Model.Fitted.scoresAreProbabilities
        fitting = { data, labels throws(LearningError) in FittedClassifier(try model.fit(data, labels)) }
    }

    /// `kind(parameters)`.
    public var description: String { "\(kind)(\(parameters))" }

    /// Fits to `data` and `labels`.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> FittedClassifier {
        try fitting(data, labels)
    }
}
