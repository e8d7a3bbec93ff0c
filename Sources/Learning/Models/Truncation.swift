import Matrices

/// The truncation trick as a baseline: no fitting, the score of `x` is `-|x|_2`, so vectors near the centre of
/// the prior rank first. Its scores are not probabilities.
public struct Truncation: Classifier {
    /// The baseline.
    public init() {}

    /// `score=-norm`.
    public var parameters: String { "score=-norm" }

    /// Checks the data as every model does and remembers the column count.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> TruncationScore {
        try validateTrainingData(data, labels)
        return TruncationScore(featureCount: data.columns)
    }
}

/// `-|x|_2` of each row; its record has no fields.
public struct TruncationScore: FittedModel {
    /// `truncation`.
    public static let kind = "truncation"
    /// `-|x|` is a ranking, not a probability.
    public static let scoresAreProbabilities = false

    /// The number of columns.
    public let featureCount: Int

    /// The score for rows of `featureCount` columns.
    public init(featureCount: Int) {
        self.featureCount = featureCount
    }

    /// `-|x|_2` of each row.
    public func scores(_ data: Matrix) -> [Double] {
        (0..<data.rows).map { row in
            var sum = 0.0
            for column in 0..<data.columns { sum += data[row, column] * data[row, column] }
            return -sum.squareRoot()
        }
    }

    /// Nothing to write.
    public func encodeFields(to encoder: any Encoder) throws {}

    /// Nothing to read: the column count comes from the model file's other fields.
    public init(fields decoder: any Decoder) throws {
        featureCount = 0
    }

    /// The score for `count` columns (any count).
    public func accepting(featureCount count: Int) throws(LearningError) -> TruncationScore {
        TruncationScore(featureCount: count)
    }
}
