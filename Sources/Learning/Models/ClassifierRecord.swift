/// A fitted classifier as stored in a model file: one JSON object with `kind`, `parameters` and the fields of
/// that kind's `FittedModel` (its `encodeFields`), plain arrays a few lines of NumPy can apply for `logreg`
/// (`1 / (1 + exp(-(((x - means) / scales) @ coefficients + intercept)))`) and `truncation` (`-|x|`).
public struct ClassifierRecord: Codable, Equatable, Sendable {
    /// The kind, one of `ModelCatalogue.fittedTypes`.
    public let kind: String
    /// Hyperparameters, `name=value;...`.
    public let parameters: String
    /// The model as read: its fields checked against each other, not yet against the inputs.
    public let model: any FittedModel

    private enum CodingKeys: String, CodingKey {
        case kind, parameters
    }

    /// The record of `classifier`, fitted from `spec`.
    public init(_ classifier: FittedClassifier, spec: ClassifierSpec) {
        kind = spec.kind
        parameters = spec.parameters
        model = classifier.model
    }

    /// Reads a record; an unknown kind or a bad field is a `DecodingError` naming the field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        self.kind = kind
        parameters = try container.decode(String.self, forKey: .parameters)
        guard let type = ModelCatalogue.fittedTypes.first(where: { $0.kind == kind }) else {
            let known = ModelCatalogue.fittedTypes.map { $0.kind }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown classifier kind '\(kind)' (known: \(known))")
        }
        model = try type.init(fields: decoder)
    }

    /// Writes `kind`, `parameters` and the model's fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(parameters, forKey: .parameters)
        try model.encodeFields(to: encoder)
    }

    /// The classifier for `count` inputs; throws when the record was fitted on another number of inputs.
    public func fitted(featureCount count: Int) throws(LearningError) -> FittedClassifier {
        FittedClassifier(try model.accepting(featureCount: count))
    }

    /// Whether both records hold the same kind, parameters and model.
    public static func == (lhs: ClassifierRecord, rhs: ClassifierRecord) -> Bool {
        lhs.kind == rhs.kind && lhs.parameters == rhs.parameters && lhs.model.isEqual(to: rhs.model)
    }
}
