import Matrices
import SeededRandom

/// Self-training on the rows nobody labelled: a model fitted on a few labels (`base`) labels the unlabelled rows
/// it is surest of, the `share` it ranks highest good and the `share` it ranks lowest bad, and a random forest
/// learns from those rows and the labelled ones together. The score is the mean of the two models'
/// probabilities (`SelfTrainedModel`).
///
/// A few dozen labels can fit a linear model; they cannot fit a forest, whose shape can follow a label rule no
/// straight boundary does (lung shape criteria, say). The pseudo-labels lend the forest the hundreds of rows it
/// needs, at the ends of the ranking where the linear model is rarely wrong, and the forest bends the boundary in
/// the middle, where the mean with the linear model keeps it honest. This is Yarowsky's self-training (1995), one
/// round, with a model of another family as the student, as in co-training.
///
/// The unlabelled rows are part of the classifier, so cross-validation fits each fold's model with the same
/// pool and never with a held-out label.
public struct SelfTraining: Classifier {
    /// The model fitted on the labels, whose probabilities rank the pool.
    public let base: ClassifierSpec
    /// The unlabelled rows.
    public let pool: Matrix
    /// The forest fitted on the labels and the pseudo-labels.
    public let forest: RandomForest

    /// The rows of the pool pseudo-labelled bad and good by their `scores`: the `share` ranked lowest and the
    /// `share` ranked highest (`floor(share * rows)` each), ties between equal scores broken by the later row
    /// ranking higher, so that the choice depends on nothing but the scores. NaN scores rank lowest.
    public static func pseudoLabels(_ scores: [Double]) -> (bad: [Int], good: [Int]) {
        let key = { (row: Int) in scores[row].isNaN ? -Double.infinity : scores[row] }
        let order = scores.indices.sorted { (key($0), $0) < (key($1), $1) }
        let count = Int(Double(scores.count) * share)
        return (Array(order.prefix(count)), Array(order.suffix(count)))
    }

    /// The share of the pool pseudo-labelled at each end of the base model's ranking.
    public static let share = 0.2
    /// The fewest unlabelled rows worth self-training on: at least one pseudo-label at each end.
    public static let minimumPool = Int((1 / share).rounded(.up))

    /// The most unlabelled rows self-training uses: a forest learns what it can from hundreds of rows, and
    /// tens of thousands would only make every cross-validation fit slower and the model file larger.
    public static let maximumPool = 2000

    /// Self-training of `base` on `pool` (at most `maximumPool` of its rows, drawn with `seed`), the student a
    /// forest of `trees` trees seeded with `seed`.
    public init(base: ClassifierSpec, pool: Matrix, trees: Int = 100, seed: UInt64 = 0) {
        self.base = base
        if pool.rows > Self.maximumPool {
            var generator = SeededGenerator(seed: seed)
            var rows = Array(0..<pool.rows)
            generator.shuffle(&rows)
            self.pool = pool.selecting(rows: rows.prefix(Self.maximumPool).sorted())
        } else {
            self.pool = pool
        }
        forest = RandomForest(trees: trees, seed: seed)
    }

    /// The base model's parameters, then the pseudo-labelled share and the forest's size.
    public var parameters: String {
        "\(base.parameters);pseudo_label_share=\(Self.share);n_estimators=\(forest.trees)"
    }

    /// Fits `base` on the labels, pseudo-labels the pool by its probabilities, and fits the forest on both.
    /// Refuses a base whose scores are not probabilities and a pool of fewer than `minimumPool` rows.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> SelfTrainedModel {
        try validateTrainingData(data, labels)
        guard base.scoresAreProbabilities else { throw .invalidParameter("self-training needs a base model whose scores are probabilities") }
        guard pool.columns == data.columns, pool.rows >= Self.minimumPool else {
            throw .invalidParameter("self-training needs at least \(Self.minimumPool) unlabelled rows of \(data.columns) columns")
        }
        let fitted = try base.fit(data, labels)
        let (bad, good) = Self.pseudoLabels(fitted.scores(pool))
        let count = bad.count
        var values = data.values
        values.reserveCapacity(values.count + 2 * count * data.columns)
        for row in bad + good { values.append(contentsOf: pool.row(row)) }
        guard let rows = Matrix(rows: data.rows + 2 * count, columns: data.columns, values: values) else {
            throw .invalidParameter("self-training: the pseudo-labelled rows do not fit the labelled ones")
        }
        let student = try forest.fit(rows, labels + Array(repeating: false, count: count) + Array(repeating: true, count: count))
        return SelfTrainedModel(base: ClassifierRecord(fitted, spec: base), forest: student)
    }
}

/// A self-trained model (`SelfTraining`): the model fitted on the labels and the forest fitted on the labels and
/// the pseudo-labels; the score is the mean of their probabilities.
public struct SelfTrainedModel: FittedModel {
    /// The model fitted on the labels, as its own record (`kind`, `parameters`, fields).
    public let base: ClassifierRecord
    /// The forest fitted on the labels and the pseudo-labels.
    public let forest: ForestModel

    /// `self-trained`.
    public static let kind = "self-trained"

    /// The two models; `base` must score probabilities on as many inputs as `forest`.
    public init(base: ClassifierRecord, forest: ForestModel) {
        self.base = base
        self.forest = forest
    }

    /// The inputs of both models.
    public var featureCount: Int { forest.featureCount }

    /// The mean of the base model's and the forest's probabilities.
    public func scores(_ data: Matrix) -> [Double] {
        zip(base.model.scores(data), forest.probabilities(data)).map { ($0 + $1) / 2 }
    }

    private enum CodingKeys: String, CodingKey {
        case base, forest
    }

    private enum KindKey: String, CodingKey {
        case kind
    }

    /// `base` (a classifier record) and `forest` (the forest's fields), each an object of its own.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
        try forest.encodeFields(to: container.superEncoder(forKey: .forest))
    }

    /// Reads both models. The base must be of a kind that scores probabilities and is not itself composed of
    /// records (`ModelCatalogue.composedTypes`, so a file cannot nest records without end), on as many inputs as
    /// the forest.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let baseKind = try container.nestedContainer(keyedBy: KindKey.self, forKey: .base).decode(String.self, forKey: .kind)
        let baseType = ModelCatalogue.fittedTypes.first { $0.kind == baseKind }
        let composed = ModelCatalogue.composedTypes.contains { $0.kind == baseKind }
        try container.require(!composed && baseType?.scoresAreProbabilities != false, .base,
                              "must be a model whose scores are probabilities and that holds no other records, not '\(baseKind)'")
        let base = try container.decode(ClassifierRecord.self, forKey: .base)
        let forest = try ForestModel(fields: container.superDecoder(forKey: .forest))
        try container.require(base.model.featureCount == forest.featureCount, .forest,
                              "has \(forest.featureCount) inputs but the base model \(base.model.featureCount)")
        self.init(base: base, forest: forest)
    }
}
