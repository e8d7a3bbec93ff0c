import Matrices

/// A candidate of a model selection: any `Classifier` with its kind and hyperparameters, ready to fit.
public struct ClassifierSpec: Sendable, CustomStringConvertible {
    /// The kind a model file names it by (`logreg`, `tree`, `knn`, `forest`, `mlp`, `truncation`, ...).
    public let kind: String
    /// The hyperparameters as scikit-learn names them, `name=value` joined by `;`.
    public let parameters: String
    /// Whether the scores are probabilities (so that metrics at 0.5 mean something).
    public let scoresAreProbabilities: Bool
    private let fitting: @Sendable (Matrix, [Bool]) throws(LearningError) -> FittedClassifier
    /// For a classifier behind a scaler: the fit of the inner classifier to rows the given scaler standardised.
    private let fittingScaled: (@Sendable (StandardScaler, Matrix, [Bool]) throws(LearningError) -> FittedClassifier)?

    /// The candidate `model`.
    public init<Model: Classifier>(_ model: Model) {
        self.init(model, fittingScaled: nil)
    }

    /// The candidate `model`, a classifier behind a scaler: candidates of this form fitted to the same rows in
    /// cross-validation share one scaling of them.
    public init<Inner: Classifier>(_ model: StandardisedClassifier<Inner>) {
        self.init(model) { scaler, scaled, labels throws(LearningError) in
            FittedClassifier(Standardised(scaler: scaler, model: try model.inner.fit(scaled, labels)))
        }
    }

    private init<Model: Classifier>(_ model: Model,
                                    fittingScaled: (@Sendable (StandardScaler, Matrix, [Bool]) throws(LearningError) -> FittedClassifier)?) {
        kind = Model.Fitted.kind
        parameters = model.parameters
        scoresAreProbabilities = Model.Fitted.scoresAreProbabilities
        fitting = { data, labels throws(LearningError) in FittedClassifier(try model.fit(data, labels)) }
        self.fittingScaled = fittingScaled
    }

    /// Whether the candidate standardises its inputs before fitting (and so can be fitted to scaled rows).
    public var standardises: Bool { fittingScaled != nil }

    /// `kind(parameters)`.
    public var description: String { "\(kind)(\(parameters))" }

    /// Fits to `data` and `labels`.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> FittedClassifier {
        try fitting(data, labels)
    }

    /// The model `fit` makes of some rows, from `rows` (those rows standardised by the scaler fitted on them);
    /// nil when the candidate does not standardise.
    func fit(scaled rows: ScaledRows) throws(LearningError) -> FittedClassifier? {
        try fittingScaled?(rows.scaler, rows.scaled, rows.labels)
    }
}
