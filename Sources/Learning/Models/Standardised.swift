import Matrices

/// A classifier fitted on standardised inputs, the scaler fitted on the training rows only: scikit-learn's
/// `make_pipeline(StandardScaler(), model)`.
public struct StandardisedClassifier<Inner: Classifier>: Classifier {
    /// The classifier fitted on the standardised rows.
    public let inner: Inner

    /// `inner` behind a scaler.
    public init(_ inner: Inner) {
        self.inner = inner
    }

    /// The inner classifier's parameters.
    public var parameters: String { inner.parameters }

    /// Fits the scaler, then the inner classifier on the scaled rows.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> Standardised<Inner.Fitted> {
        try validateTrainingData(data, labels)
        let scaler = StandardScaler(fitting: data)
        return Standardised(scaler: scaler, model: try inner.fit(scaler.transform(data), labels))
    }
}

/// A fitted model behind its scaler; its record holds `means` and `scales` beside the model's fields.
public struct Standardised<Model: FittedModel>: FittedModel {
    /// The scaler fitted on the training rows.
    public let scaler: StandardScaler
    /// The model of the scaled rows.
    public let model: Model

    /// A scaler and the model fitted behind it.
    public init(scaler: StandardScaler, model: Model) {
        self.scaler = scaler
        self.model = model
    }

    /// The model's kind.
    public static var kind: String { Model.kind }
    /// As the model's.
    public static var scoresAreProbabilities: Bool { Model.scoresAreProbabilities }
    /// The columns the scaler takes.
    public var featureCount: Int { scaler.means.count }

    /// The model's scores of the scaled rows; NaN for a row a value of which standardises to an infinity
    /// (far outside anything the model was trained on), which no threshold accepts.
    public func scores(_ data: Matrix) -> [Double] {
        let scaled = scaler.transform(data)
        var scores = model.scores(scaled)
        for row in 0..<scaled.rows where !scaled.rowIsFinite(row) { scores[row] = .nan }
        return scores
    }

    private enum CodingKeys: String, CodingKey {
        case means, scales
    }

    /// `means`, `scales` and the model's fields.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scaler.means, forKey: .means)
        try container.encode(scaler.scales, forKey: .scales)
        try model.encodeFields(to: encoder)
    }

    /// Reads the scaler (finite means, positive finite scales, one each per column) and the model behind it.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let means = try container.finiteNumbers(.means)
        let scales = try container.finiteNumbers(.scales)
        try container.require(scales.count == means.count && scales.allSatisfy { $0 > 0 }, .scales,
                              "needs one positive scale for each of the \(means.count) means")
        model = try Model(fields: decoder)
        try container.require(model.featureCount == means.count || model.featureCount == 0, .means,
                              "has \(means.count) values for a model of \(model.featureCount) inputs")
        scaler = StandardScaler(means: means, scales: scales)
    }

    /// The scaler for `count` columns, and the model for as many.
    public func accepting(featureCount count: Int) throws(LearningError) -> Standardised<Model> {
        guard featureCount == count else { throw .featureCountMismatch(expected: count, got: featureCount) }
        return Standardised(scaler: scaler, model: try model.accepting(featureCount: count))
    }
}
