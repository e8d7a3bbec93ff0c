import Matrices
import SeededRandom

/// A random forest as scikit-learn's `RandomForestClassifier`: `trees` fully grown gini trees, each on a bootstrap
/// sample of the rows, each node trying `featuresPerNode` features drawn at random (scikit-learn's default,
/// `sqrt(features)`, unless set); the score is the mean of the trees' leaf probabilities. Seeded, so a fit is
/// reproducible (scikit-learn's random streams differ, so single trees do not match its trees, only the forest's
/// behaviour).
///
/// With `splitter: .random` it is scikit-learn's `ExtraTreesClassifier` instead, the extremely randomised trees of
/// Geurts, Ernst and Wehenkel (2006): each tree grows on every row (no bootstrap), and each node draws one
/// threshold per feature it tries, between the feature's smallest and largest value there, keeping the feature
/// whose draw splits best (`DecisionTree.Splitter.random`). Drawing the thresholds rather than searching them
/// smooths the boundary and lowers the variance, which is what a few dozen rows need
/// (`RealismPrior.challenger`). Either fit is a `ForestModel`.
public struct RandomForest: Classifier, Hashable {
    /// Number of trees.
    public var trees: Int
    /// The features each node tries (`max_features`).
    public var featuresPerNode: FeaturesPerNode
    /// How each node's split of a feature is found: `.best` for a random forest, `.random` for extremely
    /// randomised trees (which also grow on every row rather than a bootstrap sample).
    public var splitter: DecisionTree.Splitter
    /// Seed of the bootstrap samples, feature draws and random thresholds.
    public var seed: UInt64

    /// The most trees a forest may have: every tree is kept, so a forest's memory and time grow with them
    /// (`n_estimators=1000000000` would run out of memory after hours); 10,000 is 100 times scikit-learn's default.
    public static let maxTrees = 10_000

    /// `trees` trees (scikit-learn's default is 100), each node trying `featuresPerNode` features, split by
    /// `splitter`.
    public init(trees: Int = 100, featuresPerNode: FeaturesPerNode = .squareRoot,
                splitter: DecisionTree.Splitter = .best, seed: UInt64 = 0) {
        self.trees = trees
        self.featuresPerNode = featuresPerNode
        self.splitter = splitter
        self.seed = seed
    }

    /// `n_estimators` and `max_features`; for extremely randomised trees also `splitter=random;bootstrap=false`.
    public var parameters: String {
        "n_estimators=\(trees);max_features=\(featuresPerNode)"
            + (splitter == .best ? "" : ";splitter=\(splitter.rawValue);bootstrap=false")
    }

    /// Grows the trees.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> ForestModel {
        try validateTrainingData(data, labels)
        guard (1...Self.maxTrees).contains(trees) else { throw .invalidParameter("n_estimators must be 1 to \(Self.maxTrees), got \(trees)") }
        guard featuresPerNode.isValid else { throw .invalidParameter("max_features must be sqrt, all or a share in (0, 1], got \(featuresPerNode)") }
        let maxFeatures = featuresPerNode.count(of: data.columns)
        var fitted: [TreeModel] = []
        let byColumn = data.transposed()
        // Extremely randomised trees grow on every row, once each.
        let everyRow = splitter == .best ? [] : Array(0..<data.rows)
        let once = [Int](repeating: 1, count: everyRow.count)
        for index in 0..<trees {
            var generator = SeededGenerator(seed: seed, stream: UInt64(index))
            guard splitter == .best else {
                let tree = DecisionTree(splitter: splitter, maxFeatures: maxFeatures, seed: generator.next())
                fitted.append(tree.grow(byColumn: byColumn, labels, rows: everyRow, weights: once))
                continue
            }
            // The bootstrap sample as a count per row: the tree grows on the drawn rows, each counted as often
            // as it was drawn, never on copies of them. A draw of one class only (likely when positives are
            // rare) grows a single leaf, as scikit-learn's forest does, rather than failing the group.
            var counts = [Int](repeating: 0, count: data.rows)
            for _ in 0..<data.rows { counts[generator.integer(below: data.rows)] += 1 }
            let rows = counts.indices.filter { counts[$0] > 0 }
            let tree = DecisionTree(maxFeatures: maxFeatures, seed: generator.next())
            fitted.append(tree.grow(byColumn: byColumn, labels, rows: rows, weights: counts))
        }
        return ForestModel(trees: fitted)
    }
}

/// The trees of a fitted random forest.
public struct ForestModel: FittedModel {
    /// The trees.
    public let trees: [TreeModel]

    /// Trees as stored in a model file.
    public init(trees: [TreeModel]) {
        self.trees = trees
    }

    /// `forest`.
    public static let kind = "forest"

    /// The inputs of the trees.
    public var featureCount: Int { trees.first?.featureCount ?? 0 }

    /// The mean of the trees' probabilities.
    public func scores(_ data: Matrix) -> [Double] {
        probabilities(data)
    }

    private enum CodingKeys: String, CodingKey {
        case trees
    }

    /// `trees`, each with its `feature_count` and `nodes`.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trees, forKey: .trees)
    }

    /// Reads at least one tree, every tree checked and on the same number of features.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let trees = try container.decode([TreeModel].self, forKey: .trees)
        let count = trees.first?.featureCount ?? 0
        try container.require(!trees.isEmpty && trees.allSatisfy { $0.featureCount == count }, .trees,
                              "needs at least one tree, every one on the same number of features")
        for (index, tree) in trees.enumerated() {
            if let problem = TreeModel.problem(in: tree.nodes, featureCount: count) {
                try container.require(false, .trees, "tree \(index) \(problem)")
            }
        }
        self.init(trees: trees)
    }

    /// The mean of the trees' probabilities for each row.
    public func probabilities(_ data: Matrix) -> [Double] {
        var sums = [Double](repeating: 0, count: data.rows)
        for tree in trees {
            for (row, probability) in tree.probabilities(data).enumerated() { sums[row] += probability }
        }
        return sums.map { $0 / Double(trees.count) }
    }
}
