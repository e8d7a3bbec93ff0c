/// A model to fit, with its hyperparameters: the candidates of a grid search.
public enum ClassifierSpec: Hashable, Sendable, CustomStringConvertible {
    /// Logistic regression on standardised inputs (the scaler is fitted on the training rows only).
    case logistic(LogisticRegression)
    /// A decision tree on raw inputs.
    case tree(DecisionTree)
    /// k-nearest neighbours on standardised inputs.
    case neighbors(NearestNeighbors)
    /// A random forest on raw inputs.
    case forest(RandomForest)
    /// A multilayer perceptron on standardised inputs.
    case perceptron(MultilayerPerceptron)
    /// No fitting: the score is `-|x|_2`, the ranking of the truncation trick (keep inputs near the centre).
    /// Its scores are not probabilities.
    case truncation

    /// `logreg`, `tree`, `knn`, `forest`, `mlp` or `truncation`.
    public var kind: String {
        switch self {
        case .logistic: return "logreg"
        case .tree: return "tree"
        case .neighbors: return "knn"
        case .forest: return "forest"
        case .perceptron: return "mlp"
        case .truncation: return "truncation"
        }
    }

    /// Whether the scores are probabilities (so that metrics at 0.5 mean something).
    public var scoresAreProbabilities: Bool {
        if case .truncation = self { return false }
        return true
    }

    /// The hyperparameters as scikit-learn names them, `name=value` joined by `;`.
    public var parameters: String {
        switch self {
        case .logistic(let model):
            return "C=\(ParameterGrid.format(model.C));penalty=\(model.penalty.rawValue);class_weight=\(model.classWeight.rawValue)"
        case .tree(let model):
            return "criterion=\(model.criterion.rawValue);max_depth=\(model.maxDepth.map(String.init) ?? "none")"
                + ";min_samples_leaf=\(model.minSamplesLeaf);min_samples_split=\(model.minSamplesSplit)"
        case .neighbors(let model):
            return "n_neighbors=\(model.k)"
        case .forest(let model):
            return "n_estimators=\(model.trees);max_features=sqrt"
        case .perceptron(let model):
            return "hidden_layer_sizes=\(Array(repeating: model.width, count: model.hiddenLayers).map(String.init).joined(separator: "x"))"
                + ";alpha=\(ParameterGrid.format(model.alpha));learning_rate_init=\(ParameterGrid.format(model.learningRate))"
        case .truncation:
            return "score=-norm"
        }
    }

    /// `kind(parameters)`.
    public var description: String { "\(kind)(\(parameters))" }

    /// Fits to `data` and `labels`.
    public func fit(_ data: Matrix, _ labels: [Bool]) throws(LearningError) -> FittedClassifier {
        switch self {
        case .logistic(let model):
            let scaler = StandardScaler(fitting: data)
            return .logistic(scaler: scaler, model: try model.fit(scaler.transform(data), labels))
        case .tree(let model):
            return .tree(try model.fit(data, labels))
        case .neighbors(let model):
            let scaler = StandardScaler(fitting: data)
            return .neighbors(scaler: scaler, model: try model.fit(scaler.transform(data), labels))
        case .forest(let model):
            return .forest(try model.fit(data, labels))
        case .perceptron(let model):
            let scaler = StandardScaler(fitting: data)
            return .perceptron(scaler: scaler, model: try model.fit(scaler.transform(data), labels))
        case .truncation:
            try validateTrainingData(data, labels)
            return .truncation(featureCount: data.columns)
        }
    }
}

/// A fitted model: probabilities of the positive class for new rows.
public enum FittedClassifier: Equatable, Sendable {
    /// Standardise with `scaler`, then apply the logistic model.
    case logistic(scaler: StandardScaler, model: LogisticModel)
    /// A decision tree.
    case tree(TreeModel)
    /// Standardise with `scaler`, then vote among the nearest training rows.
    case neighbors(scaler: StandardScaler, model: NeighborsModel)
    /// A random forest.
    case forest(ForestModel)
    /// Standardise with `scaler`, then apply the perceptron.
    case perceptron(scaler: StandardScaler, model: PerceptronModel)
    /// `-|x|_2` of each row.
    case truncation(featureCount: Int)

    /// The number of input features.
    public var featureCount: Int {
        switch self {
        case .logistic(let scaler, _): return scaler.means.count
        case .tree(let tree): return tree.featureCount
        case .neighbors(let scaler, _), .perceptron(let scaler, _): return scaler.means.count
        case .forest(let forest): return forest.trees.first?.featureCount ?? 0
        case .truncation(let count): return count
        }
    }

    /// The score of each row, higher is better: the probability of the positive class, or `-|x|_2` for truncation.
    public func probabilities(_ data: Matrix) -> [Double] {
        switch self {
        case .logistic(let scaler, let model): return model.probabilities(scaler.transform(data))
        case .tree(let tree): return tree.probabilities(data)
        case .neighbors(let scaler, let model): return model.probabilities(scaler.transform(data))
        case .forest(let forest): return forest.probabilities(data)
        case .perceptron(let scaler, let model): return model.probabilities(scaler.transform(data))
        case .truncation:
            return (0..<data.rows).map { row in
                var sum = 0.0
                for column in 0..<data.columns { sum += data[row, column] * data[row, column] }
                return -sum.squareRoot()
            }
        }
    }
}
