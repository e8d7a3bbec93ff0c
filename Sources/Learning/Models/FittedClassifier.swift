import Matrices

/// A fitted model of any kind: scores for new rows.
public struct FittedClassifier: Equatable, Sendable {
    /// The model; cast it to a concrete type (`Standardised<LogisticModel>`, `TreeModel`, ...) to look inside.
    public let model: any FittedModel

    /// Wraps `model`.
    public init(_ model: any FittedModel) {
        self.model = model
    }

    /// The kind a model file names it by.
    public var kind: String { type(of: model).kind }

    /// The number of input features.
    public var featureCount: Int { model.featureCount }

    /// The score of each row, higher is better: the probability of the positive class, or another score for
    /// models whose scores are not probabilities (truncation's `-|x|_2`).
    public func scores(_ data: Matrix) -> [Double] {
        model.scores(data)
    }

    /// Whether both hold the same model.
    public static func == (lhs: FittedClassifier, rhs: FittedClassifier) -> Bool {
        lhs.model.isEqual(to: rhs.model)
    }
}
