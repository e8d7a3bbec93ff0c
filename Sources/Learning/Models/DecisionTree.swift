import CDenseKernels
import Matrices
import SeededRandom
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CART decision tree classifier with scikit-learn's `DecisionTreeClassifier` rules: binary splits
/// `x[feature] <= threshold` at midpoints between consecutive distinct values, chosen to maximise the
/// weighted impurity decrease, grown depth-first until a node is pure, `maxDepth` is reached, it has fewer
/// than `minSamplesSplit` samples, or no split leaves `minSamplesLeaf` samples on both sides.
///
/// Features are tried in column order and the first best split wins; scikit-learn tries them in a random
/// order, so the two can differ only where two splits improve the impurity exactly equally. With
/// `maxFeatures` (as in a random forest) each node tries that many non-constant features, drawn in a seeded
/// random order.
public struct DecisionTree: Classifier, Hashable {
    /// The impurity measure.
    public enum Criterion: String, Sendable, Codable, CaseIterable {
        /// Gini impurity `1 - sum p_k^2`.
        case gini
        /// Entropy `-sum p_k log2 p_k`.
        case entropy
    }

    /// How a node's split of a feature is found (scikit-learn's `splitter`).
    public enum Splitter: String, Sendable, Codable, CaseIterable {
        /// The best threshold of each feature tried: the midpoint between consecutive distinct values of
        /// largest impurity decrease.
        case best
        /// One threshold drawn uniformly between the feature's smallest and largest value at the node, the
        /// best feature by it winning (the extremely randomised trees of Geurts, Ernst and Wehenkel 2006).
        case random
    }

    /// The impurity measure.
    public var criterion: Criterion
    /// How each feature's split is found.
    public var splitter: Splitter
    /// Deepest level (the root is depth 0); nil for no limit.
    public var maxDepth: Int?
    /// Fewest samples a leaf may hold.
    public var minSamplesLeaf: Int
    /// Fewest samples a node needs to be split.
    public var minSamplesSplit: Int
    /// Non-constant features tried per node, drawn at random; nil tries every feature in column order.
    public var maxFeatures: Int?
    /// Seed of the feature draws (with `maxFeatures`) and of the random splitter's thresholds.
    public var seed: UInt64

    /// A tree with scikit-learn's defaults unless stated (gini, no depth limit, 1 per leaf, 2 to split, every
    /// feature).
    public init(criterion: Criterion = .gini, splitter: Splitter = .best, maxDepth: Int? = nil, minSamplesLeaf: Int = 1,
                minSamplesSplit: Int = 2, maxFeatures: Int? = nil, seed: UInt64 = 0) {
        self.criterion = criterion
        self.splitter = splitter
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.minSamplesSplit = minSamplesSplit
        self.maxFeatures = maxFeatures
        self.seed = seed
    }

    /// Grows the tree on `data` and `labels` (true = positive).
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> TreeModel {
        try validateTrainingData(data, labels)
        guard minSamplesLeaf >= 1, minSamplesSplit >= 2, (maxDepth ?? 1) >= 0, (maxFeatures ?? 1) >= 1 else {
            throw .invalidParameter("tree parameters out of range: max_depth >= 0, min_samples_leaf >= 1, min_samples_split >= 2, max_features >= 1")
        }
        return grow(byColumn: data.transposed(), labels, rows: Array(0..<data.rows), weights: Array(repeating: 1, count: data.rows))
    }

    /// The tree grown on `rows` of the data whose transpose is `byColumn` (a row a feature, so that a node
    /// gathers a feature's values from one row rather than from every row), each row counted `weights[row]`
    /// times: the tree of those rows repeated (a bootstrap sample) without copying them. The caller has
    /// checked the rows (`validateTrainingData`).
    func grow(byColumn: Matrix, _ labels: [Bool], rows: [Int], weights: [Int]) -> TreeModel {
        var builder = TreeBuilder(tree: self, byColumn: byColumn, labels: labels, weights: weights)
        _ = builder.grow(rows, depth: 0)
        return TreeModel(featureCount: byColumn.rows, nodes: builder.nodes)
    }

    /// `criterion` (and `splitter` when random), `max_depth`, `min_samples_leaf` and `min_samples_split`.
    public var parameters: String {
        "criterion=\(criterion.rawValue)" + (splitter == .best ? "" : ";splitter=\(splitter.rawValue)")
            + ";max_depth=\(maxDepth.map(String.init) ?? "none")"
            + ";min_samples_leaf=\(minSamplesLeaf);min_samples_split=\(minSamplesSplit)"
    }

    /// The impurity of a node, computed in scikit-learn's order of operations, so that nearly equal splits
    /// are ranked the same way.
    func impurity(positives: Int, total: Int) -> Double {
        guard total > 0 else { return 0 }
        let n = Double(total)
        let negatives = Double(total - positives), positives = Double(positives)  // class 0 first, as scikit-learn
        switch criterion {
        case .gini:
            return 1 - (negatives * negatives + positives * positives) / (n * n)
        case .entropy:
            func term(_ count: Double) -> Double { count > 0 ? -(count / n) * (log(count / n) / log(2.0)) : 0 }
            return term(negatives) + term(positives)
        }
    }
}

/// One node of a fitted tree. A leaf has `feature == nil`.
public struct TreeNode: Equatable, Sendable, Codable {
    /// The split feature, nil for a leaf.
    public let feature: Int?
    /// Go left when `x[feature] <= threshold`.
    public let threshold: Double
    /// Index of the left child (nil for a leaf).
    public let left: Int?
    /// Index of the right child (nil for a leaf).
    public let right: Int?
    /// Training samples that reached the node.
    public let samples: Int
    /// Positive samples among them.
    public let positives: Int
    /// The node's impurity.
    public let impurity: Double

    /// A node from its fields (as stored in a model file).
    public init(feature: Int?, threshold: Double, left: Int?, right: Int?, samples: Int, positives: Int, impurity: Double) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.samples = samples
        self.positives = positives
        self.impurity = impurity
    }

    /// The share of positives: the probability a leaf predicts.
    public var positiveShare: Double { Double(positives) / Double(samples) }
}

/// A fitted decision tree; node 0 is the root. Its record holds the `nodes`; inside a forest's record each
/// tree also holds its `feature_count`.
public struct TreeModel: FittedModel, Codable {
    /// Number of features it was fitted on.
    public let featureCount: Int
    /// The nodes, parents before children.
    public let nodes: [TreeNode]

    /// A tree from its nodes (as stored in a model file).
    public init(featureCount: Int, nodes: [TreeNode]) {
        self.featureCount = featureCount
        self.nodes = nodes
    }

    /// The leaf index reached by each row.
    public func leaves(_ data: Matrix) -> [Int] {
        precondition(data.columns == featureCount, "feature count does not match the model")
        return (0..<data.rows).map { row in
            var index = 0
            while let feature = nodes[index].feature, let left = nodes[index].left, let right = nodes[index].right {
                index = data[row, feature] <= nodes[index].threshold ? left : right
            }
            return index
        }
    }

    /// The probability of the positive class for each row: the positive share of its leaf.
    public func probabilities(_ data: Matrix) -> [Double] {
        leaves(data).map { nodes[$0].positiveShare }
    }

    /// `tree`.
    public static let kind = "tree"

    /// The probability of the positive class.
    public func scores(_ data: Matrix) -> [Double] {
        probabilities(data)
    }

    private enum FieldKeys: String, CodingKey {
        case nodes
    }

    /// `nodes`.
    public func encodeFields(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKeys.self)
        try container.encode(nodes, forKey: .nodes)
    }

    /// Reads and checks the nodes; the feature count is the highest split feature's until `accepting` sets it.
    public init(fields decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKeys.self)
        let nodes = try container.decode([TreeNode].self, forKey: .nodes)
        let count = (nodes.compactMap(\.feature).max() ?? -1) + 1
        if let problem = Self.problem(in: nodes, featureCount: count) { try container.require(false, .nodes, problem) }
        self.init(featureCount: count, nodes: nodes)
    }

    /// The tree for `count` inputs: every split feature must be one of them.
    public func accepting(featureCount count: Int) throws(LearningError) -> TreeModel {
        if let problem = Self.problem(in: nodes, featureCount: count) { throw .invalidParameter("the tree: \(problem)") }
        return TreeModel(featureCount: count, nodes: nodes)
    }

    /// What is wrong with `nodes` as a tree on `count` features, nil when nothing: there is a node, children
    /// come after their parent and in range, split features are in range, thresholds finite, counts consistent.
    static func problem(in nodes: [TreeNode], featureCount count: Int) -> String? {
        guard !nodes.isEmpty else { return "has no nodes" }
        for (index, node) in nodes.enumerated() {
            let children = [node.left, node.right].compactMap { $0 }
            guard (node.feature == nil && children.isEmpty)
                    || (node.feature.map { (0..<count).contains($0) } == true && children.count == 2
                        && children.allSatisfy { $0 > index && $0 < nodes.count }),
                  node.threshold.isFinite, node.samples > 0, (0...node.samples).contains(node.positives) else {
                return "node \(index) is malformed"
            }
        }
        return nil
    }

    /// Depth of the deepest leaf (0 for a single leaf).
    public var depth: Int {
        func depth(of index: Int) -> Int {
            guard let left = nodes[index].left, let right = nodes[index].right else { return 0 }
            return 1 + max(depth(of: left), depth(of: right))
        }
        return nodes.isEmpty ? 0 : depth(of: 0)
    }
}

/// Grows a tree depth-first, writing nodes in the order scikit-learn numbers them. A row of weight w counts
/// as w samples: splits fall only between different values, so the copies of a row never part and the tree is
/// the tree of the rows repeated.
private struct TreeBuilder {
    let tree: DecisionTree
    /// The data transposed: row f holds feature f of every sample.
    let byColumn: Matrix
    let weights: [Int]
    /// Each sample's weight where it is positive, else 0.
    let positiveWeights: [Int]
    var nodes: [TreeNode] = []
    var generator: SeededGenerator
    /// Scratch: the node's samples with their values of the feature being tried, at its start.
    var keyed: [KeyedSort.Keyed]

    init(tree: DecisionTree, byColumn: Matrix, labels: [Bool], weights: [Int]) {
        self.tree = tree
        self.byColumn = byColumn
        keyed = Array(repeating: (0, 0), count: byColumn.columns)
        self.weights = weights
        positiveWeights = zip(labels, weights).map { $0 ? $1 : 0 }
        self.generator = SeededGenerator(seed: tree.seed)
    }

    struct Split {
        var feature: Int
        var threshold: Double
        var proxy: Double
    }

    mutating func grow(_ samples: [Int], depth: Int) -> Int {
        var total = 0, positives = 0
        weights.withUnsafeBufferPointer { weights in
            positiveWeights.withUnsafeBufferPointer { positiveWeights in
                for sample in samples {
                    total += weights[sample]
                    positives += positiveWeights[sample]
                }
            }
        }
        let impurity = tree.impurity(positives: positives, total: total)
        let index = nodes.count
        nodes.append(TreeNode(feature: nil, threshold: -2, left: nil, right: nil, samples: total,
                              positives: positives, impurity: impurity))
        let canSplit = depth < (tree.maxDepth ?? Int.max) && total >= tree.minSamplesSplit
            && total >= 2 * tree.minSamplesLeaf && impurity > Double.ulpOfOne
        guard canSplit, let split = bestSplit(samples, positives: positives, total: total) else { return index }
        // The split falls between two values more than 1e-7 apart with none between them, so the threshold
        // parts the samples as the split's position did; each side keeps the samples' order (ascending rows,
        // so that gathering a feature's values reads its row forwards).
        let row = split.feature * byColumn.columns
        var leftSamples: [Int] = [], rightSamples: [Int] = []
        leftSamples.reserveCapacity(samples.count)
        rightSamples.reserveCapacity(samples.count)
        byColumn.values.withUnsafeBufferPointer { values in
            for sample in samples {
                if values[row + sample] <= split.threshold { leftSamples.append(sample) } else { rightSamples.append(sample) }
            }
        }
        let left = grow(leftSamples, depth: depth + 1)
        let right = grow(rightSamples, depth: depth + 1)
        nodes[index] = TreeNode(feature: split.feature, threshold: split.threshold, left: left, right: right,
                                samples: total, positives: positives, impurity: impurity)
        return index
    }

    /// Fills `keyed` with `samples` sorted by their value of `feature`.
    mutating func sortKeyed(_ samples: [Int], feature: Int) {
        let count = samples.count, row = feature * byColumn.columns
        byColumn.values.withUnsafeBufferPointer { values in
            keyed.withUnsafeMutableBufferPointer { keyed in
                for (index, sample) in samples.enumerated() { keyed[index] = (values[row + sample], sample) }
                KeyedSort.sort(UnsafeMutableBufferPointer(rebasing: keyed[..<count]))
            }
        }
    }

    /// The features to try at a node: every column in order, or a seeded random order when `maxFeatures` is set.
    mutating func featureOrder() -> [Int] {
        var order = Array(0..<byColumn.rows)
        if tree.maxFeatures != nil { generator.shuffle(&order) }
        return order
    }

    /// scikit-learn's proxy of a split's impurity decrease, `-n_R imp_R - n_L imp_L`, for a split that sends `left`
    /// of the node's `total` samples (weighted), `leftPositives` of its `positives`, to the left.
    func proxy(left: Int, leftPositives: Int, total: Int, positives: Int) -> Double {
        let leftImpurity = tree.impurity(positives: leftPositives, total: left)
        let rightImpurity = tree.impurity(positives: positives - leftPositives, total: total - left)
        return -Double(total - left) * rightImpurity - Double(left) * leftImpurity
    }

    /// The split with the largest impurity decrease, compared through scikit-learn's proxy
    /// `-n_R imp_R - n_L imp_L` (which orders splits the same way), rounded as scikit-learn rounds it.
    /// The counts are weighted.
    mutating func bestSplit(_ samples: [Int], positives totalPositives: Int, total: Int) -> Split? {
        if tree.splitter == .random { return randomSplit(samples, positives: totalPositives, total: total) }
        let count = samples.count
        let leaf = tree.minSamplesLeaf
        var best: Split?
        var tried = 0
        for feature in featureOrder() {
            if let limit = tree.maxFeatures, tried >= limit { break }
            sortKeyed(samples, feature: feature)
            guard keyed[count - 1].value > keyed[0].value + 1e-7 else { continue }
            tried += 1
            var bestHere: (position: Int, proxy: Double)?
            keyed.withUnsafeBufferPointer { keyed in
                weights.withUnsafeBufferPointer { weights in
                    positiveWeights.withUnsafeBufferPointer { positiveWeights in
                        var leftPositives = 0, left = 0
                        for position in 1..<count {
                            let previous = keyed[position - 1].sample
                            left += weights[previous]
                            leftPositives += positiveWeights[previous]
                            guard keyed[position].value > keyed[position - 1].value + 1e-7 else { continue }
                            guard left >= leaf, total - left >= leaf else { continue }
                            let proxy = proxy(left: left, leftPositives: leftPositives, total: total, positives: totalPositives)
                            if let current = bestHere, proxy <= current.proxy { continue }
                            bestHere = (position, proxy)
                        }
                    }
                }
            }
            guard let found = bestHere else { continue }
            if let current = best, found.proxy <= current.proxy { continue }
            let low = keyed[found.position - 1].value
            let high = keyed[found.position].value
            var threshold = low / 2 + high / 2
            if threshold == high || !threshold.isFinite { threshold = low }
            best = Split(feature: feature, threshold: threshold, proxy: found.proxy)
        }
        return best
    }

    /// The random splitter's split: each feature tried gets one threshold drawn uniformly in [lowest, highest)
    /// of its values at the node (the lowest when the draw rounds up to the highest, as scikit-learn's
    /// `RandomSplitter`), and the feature whose threshold decreases the impurity most wins. A threshold that
    /// leaves fewer than `minSamplesLeaf` samples on a side is not a split, and its feature still counts as tried.
    mutating func randomSplit(_ samples: [Int], positives totalPositives: Int, total: Int) -> Split? {
        let leaf = tree.minSamplesLeaf
        var best: Split?
        var tried = 0
        for feature in featureOrder() {
            if let limit = tree.maxFeatures, tried >= limit { break }
            let row = feature * byColumn.columns
            let (low, high) = range(samples, row: row)
            guard high > low + 1e-7 else { continue }
            tried += 1
            var threshold = generator.uniform(low, high)
            if threshold >= high || !threshold.isFinite { threshold = low }
            let (left, leftPositives) = countLeft(samples, row: row, threshold: threshold)
            guard left >= leaf, total - left >= leaf else { continue }
            let proxy = proxy(left: left, leftPositives: leftPositives, total: total, positives: totalPositives)
            if let current = best, proxy <= current.proxy { continue }
            best = Split(feature: feature, threshold: threshold, proxy: proxy)
        }
        return best
    }

    /// The smallest and largest value in `row` of `byColumn` (its offset) over `samples`.
    func range(_ samples: [Int], row: Int) -> (low: Double, high: Double) {
        var low = 0.0, high = 0.0
        byColumn.values.withUnsafeBufferPointer { values in
            samples.withUnsafeBufferPointer { samples in
                ganfilter_node_range(values.baseAddress.map { $0 + row }, samples.baseAddress, samples.count, &low, &high)
            }
        }
        return (low, high)
    }

    /// The weight of `samples` whose value in `row` of `byColumn` (its offset) is at most `threshold`, and the
    /// positive part of it (each weight masked by its side, without a branch: `ganfilter_node_count_left`).
    func countLeft(_ samples: [Int], row: Int, threshold: Double) -> (left: Int, positives: Int) {
        var left = 0, positives = 0
        byColumn.values.withUnsafeBufferPointer { values in
            samples.withUnsafeBufferPointer { samples in
                weights.withUnsafeBufferPointer { weights in
                    positiveWeights.withUnsafeBufferPointer { positiveWeights in
                        ganfilter_node_count_left(values.baseAddress.map { $0 + row }, samples.baseAddress, samples.count,
                                                  weights.baseAddress, positiveWeights.baseAddress, threshold, &left, &positives)
                    }
                }
            }
        }
        return (left, positives)
    }
}
