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
/// order, so the two can differ only where two splits improve the impurity exactly equally.
public struct DecisionTree: Hashable, Sendable {
    /// The impurity measure.
    public enum Criterion: String, Sendable, Codable, CaseIterable {
        /// Gini impurity `1 - sum p_k^2`.
        case gini
        /// Entropy `-sum p_k log2 p_k`.
        case entropy
    }

    /// The impurity measure.
    public var criterion: Criterion
    /// Deepest level (the root is depth 0); nil for no limit.
    public var maxDepth: Int?
    /// Fewest samples a leaf may hold.
    public var minSamplesLeaf: Int
    /// Fewest samples a node needs to be split.
    public var minSamplesSplit: Int

    /// A tree with scikit-learn's defaults unless stated (gini, no depth limit, 1 per leaf, 2 to split).
    public init(criterion: Criterion = .gini, maxDepth: Int? = nil, minSamplesLeaf: Int = 1, minSamplesSplit: Int = 2) {
        self.criterion = criterion
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.minSamplesSplit = minSamplesSplit
    }

    /// Grows the tree on `data` and `labels` (true = positive).
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> TreeModel {
        try validateTrainingData(data, labels)
        guard minSamplesLeaf >= 1, minSamplesSplit >= 2, (maxDepth ?? 1) >= 0 else {
            throw .invalidParameter("tree parameters out of range: max_depth >= 0, min_samples_leaf >= 1, min_samples_split >= 2")
        }
        var builder = TreeBuilder(tree: self, data: data, labels: labels)
        _ = builder.grow(Array(0..<data.rows), depth: 0)
        return TreeModel(featureCount: data.columns, nodes: builder.nodes)
    }

    /// The impurity of a node, computed in scikit-learn's order of operations, so that nearly equal splits
    /// are ranked the same way.
    func impurity(positives: Int, total: Int) -> Double {
        guard total > 0 else { return 0 }
        let n = Double(total)
        let counts = [Double(total - positives), Double(positives)]  // class 0 (negative) first, as scikit-learn
        switch criterion {
        case .gini:
            return 1 - (counts[0] * counts[0] + counts[1] * counts[1]) / (n * n)
        case .entropy:
            var h = 0.0
            for count in counts where count > 0 {
                let share = count / n
                h -= share * (log(share) / log(2.0))
            }
            return h
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

/// A fitted decision tree; node 0 is the root.
public struct TreeModel: Equatable, Sendable, Codable {
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

    /// Depth of the deepest leaf (0 for a single leaf).
    public var depth: Int {
        func depth(of index: Int) -> Int {
            guard let left = nodes[index].left, let right = nodes[index].right else { return 0 }
            return 1 + max(depth(of: left), depth(of: right))
        }
        return nodes.isEmpty ? 0 : depth(of: 0)
    }
}

/// Grows a tree depth-first, writing nodes in the order scikit-learn numbers them.
private struct TreeBuilder {
    let tree: DecisionTree
    let data: Matrix
    let labels: [Bool]
    var nodes: [TreeNode] = []

    init(tree: DecisionTree, data: Matrix, labels: [Bool]) {
        self.tree = tree
        self.data = data
        self.labels = labels
    }

    struct Split {
        var feature: Int
        var threshold: Double
        var proxy: Double
        var left: [Int]
        var right: [Int]
    }

    mutating func grow(_ samples: [Int], depth: Int) -> Int {
        let positives = samples.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
        let impurity = tree.impurity(positives: positives, total: samples.count)
        let index = nodes.count
        nodes.append(TreeNode(feature: nil, threshold: -2, left: nil, right: nil, samples: samples.count,
                              positives: positives, impurity: impurity))
        let canSplit = depth < (tree.maxDepth ?? Int.max) && samples.count >= tree.minSamplesSplit
            && samples.count >= 2 * tree.minSamplesLeaf && impurity > Double.ulpOfOne
        guard canSplit, let split = bestSplit(samples) else { return index }
        let left = grow(split.left, depth: depth + 1)
        let right = grow(split.right, depth: depth + 1)
        nodes[index] = TreeNode(feature: split.feature, threshold: split.threshold, left: left, right: right,
                                samples: samples.count, positives: positives, impurity: impurity)
        return index
    }

    /// The split with the largest impurity decrease, compared through scikit-learn's proxy
    /// `-n_R imp_R - n_L imp_L` (which orders splits the same way), rounded as scikit-learn rounds it.
    func bestSplit(_ samples: [Int]) -> Split? {
        let total = samples.count
        let totalPositives = samples.reduce(0) { $0 + (labels[$1] ? 1 : 0) }
        let leaf = tree.minSamplesLeaf
        var best: Split?
        var order = samples
        for feature in 0..<data.columns {
            order.sort { data[$0, feature] < data[$1, feature] }
            var leftPositives = 0
            var bestHere: (position: Int, proxy: Double)?
            for position in 1..<total {
                if labels[order[position - 1]] { leftPositives += 1 }
                let previous = data[order[position - 1], feature]
                let next = data[order[position], feature]
                guard next > previous + 1e-7 else { continue }
                guard position >= leaf, total - position >= leaf else { continue }
                let leftImpurity = tree.impurity(positives: leftPositives, total: position)
                let rightImpurity = tree.impurity(positives: totalPositives - leftPositives, total: total - position)
                let proxy = -Double(total - position) * rightImpurity - Double(position) * leftImpurity
                if let current = bestHere, proxy <= current.proxy { continue }
                bestHere = (position, proxy)
            }
            guard let found = bestHere else { continue }
            if let current = best, found.proxy <= current.proxy { continue }
            let low = data[order[found.position - 1], feature]
            let high = data[order[found.position], feature]
            var threshold = low / 2 + high / 2
            if threshold == high || !threshold.isFinite { threshold = low }
            best = Split(feature: feature, threshold: threshold, proxy: found.proxy,
                         left: Array(order[..<found.position]), right: Array(order[found.position...]))
        }
        return best
    }
}
