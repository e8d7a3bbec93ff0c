import Learning

/// Settings of `latent train`.
public struct LatentTrainingOptions: Sendable {
    /// Candidate models (each group picks its best by mean fold ROC AUC).
    public var candidates: [ClassifierSpec]
    /// `valid`, or a score name (the target is then `score > 0`).
    public var target: String
    /// Cross-validation folds.
    public var folds: Int
    /// Share of each class held out per group.
    public var testFraction: Double
    /// Seed of splits and bootstrap.
    public var seed: UInt64
    /// The strategy whose threshold the model uses by default.
    public var strategy: ThresholdStrategy
    /// Precision-seeking strategies ignore points accepting fewer vectors than this.
    public var minAccepted: Int
    /// Add `|z|^2` as an input (a linear model cannot express it from z).
    public var addNorm: Bool
    /// Bootstrap replicates of the speed-up intervals.
    public var replicates: Int
    /// Threads.
    public var jobs: Int

    /// Options; defaults are DESIGN's for latents.
    public init(candidates: [ClassifierSpec], target: String = "valid", folds: Int = 3, testFraction: Double = 0.1,
                seed: UInt64 = 0, strategy: ThresholdStrategy = .weighted(1, 1), minAccepted: Int = 10,
                addNorm: Bool = false, replicates: Int = 2000, jobs: Int = 1) {
        self.candidates = candidates
        self.target = target
        self.folds = folds
        self.testFraction = testFraction
        self.seed = seed
        self.strategy = strategy
        self.minAccepted = minAccepted
        self.addNorm = addNorm
        self.replicates = replicates
        self.jobs = jobs
    }

    /// The study's models that ganfilter has: `logreg` (L2, C in 0.01/0.1/1/10), `logreg-l1` (L1, the same C),
    /// `tree` (depth 5 and 10), `truncation`.
    public static func candidates(named names: [String]) throws(LearningError) -> [ClassifierSpec] {
        var result: [ClassifierSpec] = []
        for name in names {
            switch name {
            case "logreg": result += [0.01, 0.1, 1, 10].map { .logistic(LogisticRegression(C: $0)) }
            case "logreg-l1": result += [0.01, 0.1, 1, 10].map { .logistic(LogisticRegression(C: $0, penalty: .l1)) }
            case "tree": result += [5, 10].map { .tree(DecisionTree(maxDepth: $0, minSamplesLeaf: 5)) }
            case "truncation": result.append(.truncation)
            default:
                throw .invalidParameter("unknown model '\(name)': ganfilter has logreg, logreg-l1, tree and truncation"
                    + " (knn, forest and mlp are not built yet)")
            }
        }
        return result
    }
}

/// One group's training: the comparison, the chosen model, its thresholds and how they do on each split.
public struct GroupTraining: Sendable {
    /// One row of `thresholds.csv`.
    public struct ThresholdRow: Sendable {
        /// Strategy name.
        public let strategy: String
        /// `validation` (out-of-fold) or `test`.
        public let split: String
        /// The threshold (chosen on validation, applied to both splits); nil when the strategy found none.
        public let threshold: Double?
        /// Counts, precision and speed-up at the threshold.
        public let evaluation: SplitEvaluation
    }

    /// The group.
    public let group: String
    /// The target column.
    public let target: String
    /// Every candidate's cross-validation.
    public let candidates: [CandidateScore]
    /// The chosen candidate.
    public let chosen: CandidateScore
    /// Labels of the non-test rows (aligned with `chosen.outOfFold`).
    public let validationLabels: [Bool]
    /// Labels and scores of the test split.
    public let test: (labels: [Bool], scores: [Double])
    /// The chosen model refitted on all non-test rows.
    public let classifier: FittedClassifier
    /// Thresholds of every default strategy (and the chosen one).
    public let thresholds: [StrategyThreshold]
    /// Every threshold on both splits.
    public let rows: [ThresholdRow]
}

/// Trains one prefilter per group: a stratified test split, k-fold CV of the candidates on the rest, the best
/// mean fold AUC, thresholds on its out-of-fold scores, a refit on all non-test rows, every threshold applied
/// to the test split.
public enum LatentTraining {
    /// The label of each record for `target` (`valid` or a score name: score > 0); nil for an unknown target.
    public static func labels(_ dataset: LatentDataset, target: String) -> [Bool]? {
        if target == "valid" { return dataset.valid }
        guard let column = LatentDataset.scoreNames.firstIndex(of: target) else { return nil }
        return (0..<dataset.count).map { dataset.scores[$0, column] > 0 }
    }

    /// The model inputs of `rows`: z, and `|z|^2` when `addNorm`.
    public static func inputs(_ dataset: LatentDataset, rows: [Int], addNorm: Bool) -> Matrix {
        let z = dataset.latents.selecting(rows: rows)
        return addNorm ? appendingSquaredNorm(z) : z
    }

    /// `vectors` with one more column, each row's `|z|^2`.
    public static func appendingSquaredNorm(_ vectors: Matrix) -> Matrix {
        var values: [Double] = []
        values.reserveCapacity(vectors.rows * (vectors.columns + 1))
        for row in 0..<vectors.rows {
            let vector = vectors.row(row)
            values += vector
            values.append(vector.reduce(0) { $0 + $1 * $1 })
        }
        return Matrix(rows: vectors.rows, columns: vectors.columns + 1, values: values) ?? vectors
    }

    /// Trains the group `group`.
    public static func train(_ dataset: LatentDataset, group: String, options: LatentTrainingOptions) throws(LearningError) -> GroupTraining {
        guard let allLabels = labels(dataset, target: options.target) else {
            throw .invalidParameter("unknown target '\(options.target)' (valid or one of \(LatentDataset.scoreNames.joined(separator: ", ")))")
        }
        let members = dataset.groups.indices.filter { dataset.groups[$0] == group }
        guard !members.isEmpty else { throw .invalidParameter("no records of group '\(group)'") }
        let labels = members.map { allLabels[$0] }
        let holdout = try StratifiedHoldout(labels, testFraction: options.testFraction, seed: options.seed)
        let trainRows = holdout.training.map { members[$0] }
        let testRows = holdout.test.map { members[$0] }
        let trainData = inputs(dataset, rows: trainRows, addNorm: options.addNorm)
        let trainLabels = holdout.training.map { labels[$0] }
        let folds = try StratifiedKFold(folds: options.folds, seed: options.seed).validationFolds(trainLabels)
        let scores = try CrossValidation.evaluate(options.candidates, data: trainData, labels: trainLabels, folds: folds,
                                                  jobs: options.jobs)
        guard let chosen = CrossValidation.best(scores) else {
            throw .invalidParameter("no candidate could be scored in group \(group)")
        }
        let points = RankingCurves.operatingPoints(labels: trainLabels, scores: chosen.outOfFold)
        let strategies = StrategyThreshold.strategies(including: options.strategy)
        let thresholds = StrategyThreshold.choose(strategies, from: points, minAccepted: options.minAccepted)
        let classifier = try chosen.spec.fit(trainData, trainLabels)
        let testLabels = holdout.test.map { labels[$0] }
        let testScores = testRows.isEmpty ? [] : classifier.probabilities(inputs(dataset, rows: testRows, addNorm: options.addNorm))

        var rows: [GroupTraining.ThresholdRow] = []
        for (index, stored) in thresholds.enumerated() {
            let seed = options.seed &+ UInt64(index) &* 7919
            rows.append(.init(strategy: stored.strategy, split: "validation", threshold: stored.threshold,
                              evaluation: SplitEvaluation(labels: trainLabels, scores: chosen.outOfFold, threshold: stored.threshold,
                                                          replicates: options.replicates, seed: seed)))
            if !testRows.isEmpty {
                rows.append(.init(strategy: stored.strategy, split: "test", threshold: stored.threshold,
                                  evaluation: SplitEvaluation(labels: testLabels, scores: testScores, threshold: stored.threshold,
                                                              replicates: options.replicates, seed: seed &+ 1)))
            }
        }
        return GroupTraining(group: group, target: options.target, candidates: scores, chosen: chosen,
                             validationLabels: trainLabels, test: (testLabels, testScores), classifier: classifier,
                             thresholds: thresholds, rows: rows)
    }
}
