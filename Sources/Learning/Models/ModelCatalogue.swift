/// Every model kind ganfilter trains, in the order of the study's comparison. `--model`, `--models`,
/// `--param`, model files and the report all read it; adding a model is its file plus one entry here.
public enum ModelCatalogue {
    /// The kinds. Defaults are scikit-learn's where docs/design.md states none.
    public static let kinds: [ModelKind] = [
        ModelKind(name: "logreg", summary: "logistic regression on standardised inputs (lbfgs/Newton to a tight tolerance)",
                  axes: [ParameterAxis("C", ["0.01", "0.1", "1", "10"], masks: ParameterGrid.logC),
                         ParameterAxis("penalty", ["l2"], masks: ["l1", "l2"]),
                         ParameterAxis("class_weight", ["none"], masks: ["none", "balanced"])],
                  fittedType: Standardised<LogisticModel>.self) { values throws(LearningError) in
            ClassifierSpec(StandardisedClassifier(LogisticRegression(
                C: try values.positiveNumber("C"), penalty: try values.choice("penalty"), classWeight: try values.choice("class_weight"))))
        },
        ModelKind(name: "logreg-l1", summary: "L1 logistic regression on standardised inputs",
                  axes: [ParameterAxis("C", ["0.01", "0.1", "1", "10"]), ParameterAxis("penalty", ["l1"]),
                         ParameterAxis("class_weight", ["none"])],
                  domains: [.latents], fittedType: Standardised<LogisticModel>.self) { values throws(LearningError) in
            ClassifierSpec(StandardisedClassifier(LogisticRegression(
                C: try values.positiveNumber("C"), penalty: try values.choice("penalty"), classWeight: try values.choice("class_weight"))))
        },
        ModelKind(name: "knn", summary: "k nearest neighbours on standardised inputs (metric=euclidean|cosine, weights=uniform|distance)",
                  axes: [ParameterAxis("n_neighbors", ["1", "3", "10", "30"]), ParameterAxis("metric", ["euclidean"]),
                         ParameterAxis("weights", ["uniform"])],
                  fittedType: Standardised<NeighborsModel>.self) { values throws(LearningError) in
            ClassifierSpec(StandardisedClassifier(NearestNeighbors(k: try values.count("n_neighbors", atLeast: 1),
                                                                   metric: try values.choice("metric"), weights: try values.choice("weights"))))
        },
        ModelKind(name: "tree", summary: "CART decision tree on raw inputs",
                  axes: [ParameterAxis("criterion", ["gini"], masks: ["gini", "entropy"]),
                         ParameterAxis("max_depth", ["5", "10"], masks: (1...10).map(String.init)),
                         ParameterAxis("min_samples_leaf", ["5"], masks: ["1", "5", "10", "20"]),
                         ParameterAxis("min_samples_split", ["2"])],
                  fittedType: TreeModel.self) { values throws(LearningError) in
            ClassifierSpec(DecisionTree(criterion: try values.choice("criterion"), maxDepth: try values.optionalCount("max_depth"),
                                        minSamplesLeaf: try values.count("min_samples_leaf", atLeast: 1),
                                        minSamplesSplit: try values.count("min_samples_split", atLeast: 2)))
        },
        ModelKind(name: "forest", summary: "random forest of gini trees, bootstrap (seeded); max_features is what a node tries: sqrt, all, or a share in (0, 1] of the features; "
                    + "splitter=random makes extremely randomised trees (every tree on every row, one random threshold per feature)",
                  axes: [ParameterAxis("n_estimators", ["100"]), ParameterAxis("max_features", ["sqrt"]), ParameterAxis("splitter", ["best"])],
                  fittedType: ForestModel.self) { values throws(LearningError) in
            ClassifierSpec(RandomForest(trees: try values.count("n_estimators", atLeast: 1, atMost: RandomForest.maxTrees),
                                        featuresPerNode: try values.featuresPerNode("max_features"), splitter: try values.choice("splitter"),
                                        seed: values.seed))
        },
        ModelKind(name: "mlp", summary: "ReLU perceptron on standardised inputs, sigmoid output, Adam, batches of 200, early stopping (seeded)",
                  axes: [ParameterAxis("hidden_layer_sizes", ["128", "128x128", "128x128x128x128"]),
                         ParameterAxis("alpha", ["0.0001"]), ParameterAxis("learning_rate_init", ["0.001"])],
                  fittedType: Standardised<PerceptronModel>.self) { values throws(LearningError) in
            let sizes = try values.layerSizes("hidden_layer_sizes")
            guard let width = sizes.first, sizes.allSatisfy({ $0 == width }) else {
                throw .invalidParameter("hidden_layer_sizes: the layers must be equally wide (128x128), got \(sizes.map(String.init).joined(separator: "x"))")
            }
            let network = MultilayerPerceptron(hiddenLayers: sizes.count, width: width, alpha: try values.nonNegativeNumber("alpha"),
                                               learningRate: try values.positiveNumber("learning_rate_init"), seed: values.seed)
            try network.checkSize(inputs: 1)
            return ClassifierSpec(StandardisedClassifier(network))
        },
        ModelKind(name: "svc", summary: "RBF support vector classifier on standardised inputs (SMO as libsvm; the score is the decision function)",
                  axes: [ParameterAxis("C", ["0.1", "1", "10"]), ParameterAxis("gamma", ["scale"])],
                  fittedType: Standardised<SupportVectorModel>.self) { values throws(LearningError) in
            ClassifierSpec(StandardisedClassifier(SupportVectorMachine(C: try values.positiveNumber("C"), gamma: try values.gamma("gamma"))))
        },
        ModelKind(name: "naive-bayes", summary: "Gaussian naive Bayes on raw inputs (class priors, per-class means and variances)",
                  axes: [ParameterAxis("var_smoothing", ["1e-09"])], fittedType: NaiveBayesModel.self) { values throws(LearningError) in
            ClassifierSpec(GaussianNaiveBayes(varSmoothing: try values.nonNegativeNumber("var_smoothing")))
        },
        ModelKind(name: "truncation", summary: "no fitting: the score is -|z|, the truncation trick's ranking",
                  axes: [], domains: [.latents], fittedType: TruncationScore.self) { _ throws(LearningError) in
            ClassifierSpec(Truncation())
        },
    ]

    /// The distinct fitted types, whose `kind` names a record in a model file: the kinds' and `composedTypes`.
    public static var fittedTypes: [any FittedModel.Type] {
        var seen: Set<String> = []
        return (kinds.map(\.fittedType) + composedTypes).filter { seen.insert($0.kind).inserted }
    }

    /// Fitted types no `--model` name builds, made by a training run of other candidates and holding their
    /// records: `SelfTrainedModel`, which `train` fits from a `RealismPrior`'s candidates and the table's unlabelled
    /// rows, and `SoftVotingModel`, which averages those with the prior's challenger.
    public static let composedTypes: [any FittedModel.Type] = [SelfTrainedModel.self, SoftVotingModel.self]

    /// The kinds offered in `domain`.
    public static func kinds(in domain: TrainingDomain) -> [ModelKind] {
        kinds.filter { $0.domains.contains(domain) }
    }

    /// The kinds `names` select in `domain`, in the order given, each once: the name of a kind offered in the
    /// domain, `both` (logreg and tree) or `all` (every kind offered in the domain).
    public static func kinds(named names: [String], in domain: TrainingDomain) throws(LearningError) -> [ModelKind] {
        var result: [ModelKind] = []
        func add(_ kind: ModelKind) {
            if !result.contains(where: { $0.name == kind.name }) { result.append(kind) }
        }
        guard !names.isEmpty else { throw .invalidParameter("name at least one model (known: \(choices(in: domain)))") }
        for name in names {
            switch name {
            case "all": kinds(in: domain).forEach(add)
            case "both": kinds.filter { ["logreg", "tree"].contains($0.name) }.forEach(add)
            default:
                guard let kind = kinds(in: domain).first(where: { $0.name == name }) else {
                    throw .invalidParameter("unknown model '\(name)' (known: \(choices(in: domain)))")
                }
                add(kind)
            }
        }
        return result
    }

    /// The names `kinds(named:in:)` takes, for messages and `--help`.
    public static func choices(in domain: TrainingDomain) -> String {
        (kinds(in: domain).map(\.name) + ["both", "all"]).joined(separator: ", ")
    }
}
