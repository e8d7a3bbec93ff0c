import Matrices

/// A fitted model: a score for every row, higher meaning more likely positive, and the fields its model-file
/// record holds beside `kind` and `parameters` (see `ClassifierRecord`).
public protocol FittedModel: Equatable, Sendable {
    /// The name a model file gives the kind (`logreg`, `tree`, ...), unique among `ModelCatalogue.fittedTypes`.
    static var kind: String { get }
    /// Whether the scores are probabilities of the positive class, so that metrics at 0.5 mean something.
    static var scoresAreProbabilities: Bool { get }

    /// The number of input columns.
    var featureCount: Int { get }

    /// The score of each row of `data` (`featureCount` columns), higher meaning more likely positive.
    func scores(_ data: Matrix) -> [Double]

    /// Writes the model's own fields into its record's JSON object.
    func encodeFields(to encoder: any Encoder) throws

    /// Reads the fields `encodeFields` wrote, checking each one: model files are untrusted, so a field that is
    /// missing, not finite or inconsistent with another is a `DecodingError` naming it.
    init(fields decoder: any Decoder) throws

    /// The model for inputs of `count` columns; throws when the record was fitted on another number.
    func accepting(featureCount count: Int) throws(LearningError) -> Self
}

extension FittedModel {
    /// Scores are probabilities unless a model says otherwise.
    public static var scoresAreProbabilities: Bool { true }

    /// The model itself when it was fitted on `count` columns.
    public func accepting(featureCount count: Int) throws(LearningError) -> Self {
        guard featureCount == count else { throw .featureCountMismatch(expected: count, got: featureCount) }
        return self
    }

    /// Whether `other` is the same model.
    func isEqual(to other: any FittedModel) -> Bool {
        (other as? Self) == self
    }
}

extension KeyedDecodingContainer {
    /// Throws a `DecodingError` naming `key` unless `condition` holds.
    func require(_ condition: Bool, _ key: Key, _ message: @autoclosure () -> String) throws {
        if !condition { throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message()) }
    }

    /// The numbers at `key`, each one finite.
    func finiteNumbers(_ key: Key) throws -> [Double] {
        let values = try decode([Double].self, forKey: key)
        try require(values.allSatisfy(\.isFinite), key, "holds a value that is not a finite number")
        return values
    }

    /// The number at `key`, finite.
    func finiteNumber(_ key: Key) throws -> Double {
        let value = try decode(Double.self, forKey: key)
        try require(value.isFinite, key, "is not a finite number")
        return value
    }
}
