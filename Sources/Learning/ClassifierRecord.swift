/// A fitted classifier as stored in a model file (JSON through `Codable`): plain arrays a few lines of NumPy
/// can apply for `logreg` (`1 / (1 + exp(-(((x - means) / scales) @ coefficients + intercept)))`) and
/// `truncation` (`-|x|`).
public struct ClassifierRecord: Codable, Equatable, Sendable {
    /// `logreg`, `tree` or `truncation`.
    public var kind: String
    /// Hyperparameters, `name=value;...`.
    public var parameters: String
    /// Logistic: column means subtracted before scaling.
    public var means: [Double]?
    /// Logistic: column scales divided by.
    public var scales: [Double]?
    /// Logistic: coefficients of the standardised features.
    public var coefficients: [Double]?
    /// Logistic: the intercept.
    public var intercept: Double?
    /// Logistic: whether the solver converged.
    public var converged: Bool?
    /// Tree: the nodes, root first.
    public var nodes: [TreeNode]?

    /// The record of `classifier`, fitted from `spec`.
    public init(_ classifier: FittedClassifier, spec: ClassifierSpec) {
        kind = spec.kind
        parameters = spec.parameters
        switch classifier {
        case .logistic(let scaler, let model):
            means = scaler.means
            scales = scaler.scales
            coefficients = model.coefficients
            intercept = model.intercept
            converged = model.converged
        case .tree(let tree):
            nodes = tree.nodes
        case .truncation:
            break
        }
    }

    /// The classifier for `featureCount` inputs; throws a message saying what is inconsistent.
    public func fitted(featureCount count: Int) throws(LearningError) -> FittedClassifier {
        switch kind {
        case "logreg":
            guard let means, let scales, let coefficients, let intercept, means.count == count, scales.count == count,
                  coefficients.count == count, scales.allSatisfy({ $0 > 0 }) else {
                throw .invalidParameter("the logistic model needs means, scales and coefficients for \(count) features and an intercept")
            }
            return .logistic(scaler: StandardScaler(means: means, scales: scales),
                             model: LogisticModel(coefficients: coefficients, intercept: intercept,
                                                  converged: converged ?? true, iterations: 0))
        case "tree":
            guard let nodes, !nodes.isEmpty else { throw .invalidParameter("the tree has no nodes") }
            for (index, node) in nodes.enumerated() {
                let children = [node.left, node.right].compactMap { $0 }
                guard (node.feature == nil && children.isEmpty)
                        || (node.feature.map { (0..<count).contains($0) } == true && children.count == 2
                            && children.allSatisfy { $0 > index && $0 < nodes.count }),
                      node.samples > 0, (0...node.samples).contains(node.positives) else {
                    throw .invalidParameter("tree node \(index) is malformed")
                }
            }
            return .tree(TreeModel(featureCount: count, nodes: nodes))
        case "truncation":
            return .truncation(featureCount: count)
        default:
            throw .invalidParameter("unknown classifier kind '\(kind)' (expected logreg, tree or truncation)")
        }
    }
}
