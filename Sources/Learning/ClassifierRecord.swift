/// A fitted classifier as stored in a model file (JSON through `Codable`): plain arrays a few lines of NumPy
/// can apply for `logreg` (`1 / (1 + exp(-(((x - means) / scales) @ coefficients + intercept)))`) and
/// `truncation` (`-|x|`). kNN, forest and MLP records hold everything needed to score, but no few-line recipe.
public struct ClassifierRecord: Codable, Equatable, Sendable {
    /// `logreg`, `tree`, `knn`, `forest`, `mlp` or `truncation`.
    public var kind: String
    /// Hyperparameters, `name=value;...`.
    public var parameters: String
    /// Logistic, kNN, MLP: column means subtracted before scaling.
    public var means: [Double]?
    /// Logistic, kNN, MLP: column scales divided by.
    public var scales: [Double]?
    /// Logistic: coefficients of the standardised features.
    public var coefficients: [Double]?
    /// Logistic: the intercept.
    public var intercept: Double?
    /// Logistic: whether the solver converged.
    public var converged: Bool?
    /// Tree: the nodes, root first.
    public var nodes: [TreeNode]?
    /// Forest: the trees.
    public var trees: [TreeModel]?
    /// kNN: how many neighbours vote.
    public var neighbors: Int?
    /// kNN: the standardised training rows.
    public var points: [[Double]]?
    /// kNN: their labels.
    public var labels: [Bool]?
    /// MLP: the layers, input side first.
    public var layers: [PerceptronModel.Layer]?

    /// The record of `classifier`, fitted from `spec`.
    public init(_ classifier: FittedClassifier, spec: ClassifierSpec) {
        kind = spec.kind
        parameters = spec.parameters
        switch classifier {
        case .logistic(let scaler, let model):
            (means, scales) = (scaler.means, scaler.scales)
            coefficients = model.coefficients
            intercept = model.intercept
            converged = model.converged
        case .tree(let tree):
            nodes = tree.nodes
        case .neighbors(let scaler, let model):
            (means, scales) = (scaler.means, scaler.scales)
            neighbors = model.k
            points = (0..<model.points.rows).map(model.points.row)
            labels = model.labels
        case .forest(let forest):
            trees = forest.trees
        case .perceptron(let scaler, let model):
            (means, scales) = (scaler.means, scaler.scales)
            layers = model.layers
        case .truncation:
            break
        }
    }

    /// The classifier for `featureCount` inputs; throws a message saying what is inconsistent. Every field is
    /// checked (counts against what the record holds, every number finite), since model files are untrusted.
    public func fitted(featureCount count: Int) throws(LearningError) -> FittedClassifier {
        try checkFinite()
        switch kind {
        case "logreg":
            let scaler = try self.scaler(featureCount: count)
            guard let coefficients, let intercept, coefficients.count == count else {
                throw .invalidParameter("the logistic model needs coefficients for \(count) features and an intercept")
            }
            return .logistic(scaler: scaler, model: LogisticModel(coefficients: coefficients, intercept: intercept,
                                                                  converged: converged ?? true, iterations: 0))
        case "tree":
            guard let nodes else { throw .invalidParameter("the tree has no nodes") }
            return .tree(try Self.tree(nodes, featureCount: count))
        case "forest":
            guard let trees, !trees.isEmpty, trees.allSatisfy({ $0.featureCount == count }) else {
                throw .invalidParameter("the forest needs at least one tree on \(count) features")
            }
            var checked: [TreeModel] = []
            for tree in trees { checked.append(try Self.tree(tree.nodes, featureCount: count)) }
            return .forest(ForestModel(trees: checked))
        case "knn":
            let scaler = try self.scaler(featureCount: count)
            guard let neighbors, let points, let labels, neighbors >= 1, points.count == labels.count, points.count >= neighbors,
                  let matrix = Matrix(rowArrays: points), matrix.columns == count else {
                throw .invalidParameter("the kNN model needs k and at least k training rows of \(count) values with labels")
            }
            return .neighbors(scaler: scaler, model: NeighborsModel(k: neighbors, points: matrix, labels: labels))
        case "mlp":
            let scaler = try self.scaler(featureCount: count)
            guard let layers, !layers.isEmpty, layers[0].inputCount == count, layers[layers.count - 1].outputCount == 1,
                  zip(layers, layers.dropFirst()).allSatisfy({ $0.outputCount == $1.inputCount }),
                  layers.allSatisfy({ layer in
                      let product = layer.inputCount.multipliedReportingOverflow(by: layer.outputCount)
                      return layer.inputCount >= 1 && layer.outputCount >= 1 && !product.overflow
                          && layer.weights.count == product.partialValue && layer.biases.count == layer.outputCount
                  }) else {
                throw .invalidParameter("the MLP layers do not chain from \(count) inputs to one output")
            }
            return .perceptron(scaler: scaler, model: PerceptronModel(layers: layers))
        case "truncation":
            return .truncation(featureCount: count)
        default:
            throw .invalidParameter("unknown classifier kind '\(kind)' (expected logreg, tree, knn, forest, mlp or truncation)")
        }
    }

    /// Throws when a stored number is NaN or infinite (JSON has neither, but a hand-edited file may hold
    /// values that overflow, such as 1e400).
    private func checkFinite() throws(LearningError) {
        let doubles: [(String, [Double])] = [
            ("means", means ?? []), ("scales", scales ?? []), ("coefficients", coefficients ?? []), ("intercept", intercept.map { [$0] } ?? []),
            ("tree thresholds", (nodes ?? []).map(\.threshold)), ("forest thresholds", (trees ?? []).flatMap { $0.nodes.map(\.threshold) }),
            ("kNN points", (points ?? []).flatMap { $0 }),
        ]
        for (field, values) in doubles where !values.allSatisfy(\.isFinite) {
            throw .invalidParameter("the model's \(field) hold a value that is not a finite number")
        }
        for (index, layer) in (layers ?? []).enumerated() where !(layer.weights.allSatisfy(\.isFinite) && layer.biases.allSatisfy(\.isFinite)) {
            throw .invalidParameter("MLP layer \(index) holds a weight or bias that is not a finite number")
        }
    }

    private func scaler(featureCount count: Int) throws(LearningError) -> StandardScaler {
        guard let means, let scales, means.count == count, scales.count == count, scales.allSatisfy({ $0 > 0 }) else {
            throw .invalidParameter("the model needs means and positive scales for \(count) features")
        }
        return StandardScaler(means: means, scales: scales)
    }

    /// A tree whose nodes are checked: children after their parent and in range, features in range, counts consistent.
    private static func tree(_ nodes: [TreeNode], featureCount count: Int) throws(LearningError) -> TreeModel {
        guard !nodes.isEmpty else { throw .invalidParameter("the tree has no nodes") }
        for (index, node) in nodes.enumerated() {
            let children = [node.left, node.right].compactMap { $0 }
            guard (node.feature == nil && children.isEmpty)
                    || (node.feature.map { (0..<count).contains($0) } == true && children.count == 2
                        && children.allSatisfy { $0 > index && $0 < nodes.count }),
                  node.samples > 0, (0...node.samples).contains(node.positives) else {
                throw .invalidParameter("tree node \(index) is malformed")
            }
        }
        return TreeModel(featureCount: count, nodes: nodes)
    }
}
