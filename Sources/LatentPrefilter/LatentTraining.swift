import BatchFiles
import Learning

/// Settings of `latent train`.
public struct LatentTrainingOptions: Sendable {
    /// Candidate models (each group picks its best by mean fold ROC AUC).
    public var candidates: [ClassifierSpec]
    /// `valid`, another 0/1 column, or a score name (the target is then `score > 0`).
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
    /// Seconds to generate one image; with it, thresholds also get the speed-up with screening cost.
    public var generationSeconds: Double?
    /// Seconds to screen one vector; nil uses the time measured on the group's model.
    public var screenSeconds: Double?
    /// Threads.
    public var jobs: Int

    /// Options; defaults are DESIGN's for latents.
    public init(candidates: [ClassifierSpec], target: String = "valid", folds: Int = 3, testFraction: Double = 0.1,
                seed: UInt64 = 0, strategy: ThresholdStrategy = .weighted(1, 1), minAccepted: Int = 10,
                addNorm: Bool = false, replicates: Int = 2000, generationSeconds: Double? = nil, screenSeconds: Double? = nil,
                jobs: Int = 1) {
        self.candidates = candidates
        self.target = target
        self.folds = folds
        self.testFraction = testFraction
        self.seed = seed
        self.strategy = strategy
        self.minAccepted = minAccepted
        self.addNorm = addNorm
        self.replicates = replicates
        self.generationSeconds = generationSeconds
        self.screenSeconds = screenSeconds
        self.jobs = jobs
    }

    /// The study's models: `logreg` (L2, C in 0.01/0.1/1/10), `logreg-l1` (L1, the same C), `knn` (k in 1/3/10/30),
    /// `tree` (depth 5 and 10), `forest` (100 trees), `mlp` (1, 2 and 4 layers of 128), `truncation`; `all` is
    /// every one of them. Seeded models use `seed`.
    public static func candidates(named names: [String], seed: UInt64 = 0) throws(LearningError) -> [ClassifierSpec] {
        var result: [ClassifierSpec] = []
        for name in names {
            switch name {
            case "all": result += try candidates(named: modelNames, seed: seed)
            case "logreg": result += [0.01, 0.1, 1, 10].map { .logistic(LogisticRegression(C: $0)) }
            case "logreg-l1": result += [0.01, 0.1, 1, 10].map { .logistic(LogisticRegression(C: $0, penalty: .l1)) }
            case "knn": result += [1, 3, 10, 30].map { .neighbors(NearestNeighbors(k: $0)) }
            case "tree": result += [5, 10].map { .tree(DecisionTree(maxDepth: $0, minSamplesLeaf: 5)) }
            case "forest": result.append(.forest(RandomForest(seed: seed)))
            case "mlp": result += [1, 2, 4].map { .perceptron(MultilayerPerceptron(hiddenLayers: $0, seed: seed)) }
            case "truncation": result.append(.truncation)
            default:
                throw .invalidParameter("unknown model '\(name)' (known: \(modelNames.joined(separator: ", ")), all)")
            }
        }
        return result
    }

    /// Every model name `candidates(named:)` knows, in the order of the study's comparison.
    public static let modelNames = ["logreg", "logreg-l1", "knn", "tree", "forest", "mlp", "truncation"]
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
    /// The split of the group's records (indices into the group's records, in dataset order).
    public let holdout: StratifiedHoldout
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
    /// Measured seconds to score one vector with `classifier` (the screen's cost C).
    public let screenSecondsPerVector: Double
}

/// Trains one prefilter per group: a stratified test split, k-fold CV of the candidates on the rest, the best
/// mean fold AUC, thresholds on its out-of-fold scores, a refit on all non-test rows, every threshold applied
/// to the test split.
public enum LatentTraining {
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

    /// Trains the group `group`; `holdout` reuses a split of the group's records (for models of other targets
    /// compared on the same test rows), else a stratified split of this target is drawn.
    public static func train(_ dataset: LatentDataset, group: String, options: LatentTrainingOptions,
                             holdout given: StratifiedHoldout? = nil) throws(LearningError) -> GroupTraining {
        guard let allLabels = dataset.labels(options.target) else {
            throw .invalidParameter("the dataset has no target '\(options.target)' (it has \(dataset.targetNames.joined(separator: ", ")))")
        }
        let members = dataset.groups.indices.filter { dataset.groups[$0] == group }
        guard !members.isEmpty else { throw .invalidParameter("no records of group '\(group)'") }
        let labels = members.map { allLabels[$0] }
        let holdout: StratifiedHoldout
        if let given {
            holdout = given
        } else {
            holdout = try StratifiedHoldout(labels, testFraction: options.testFraction, seed: options.seed)
        }
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
        let measured = LatentScreening.secondsPerVector(classifier, vectors: trainData)
        let cost = options.generationSeconds.map {
            ScreeningCost(generationSeconds: $0, screenSeconds: options.screenSeconds ?? measured)
        }
        let testLabels = holdout.test.map { labels[$0] }
        let testScores = testRows.isEmpty ? [] : classifier.probabilities(inputs(dataset, rows: testRows, addNorm: options.addNorm))

        var rows: [GroupTraining.ThresholdRow] = []
        for (index, stored) in thresholds.enumerated() {
            let seed = options.seed &+ UInt64(index) &* 7919
            rows.append(.init(strategy: stored.strategy, split: "validation", threshold: stored.threshold,
                              evaluation: SplitEvaluation(labels: trainLabels, scores: chosen.outOfFold, threshold: stored.threshold,
                                                          replicates: options.replicates, seed: seed, cost: cost)))
            if !testRows.isEmpty {
                rows.append(.init(strategy: stored.strategy, split: "test", threshold: stored.threshold,
                                  evaluation: SplitEvaluation(labels: testLabels, scores: testScores, threshold: stored.threshold,
                                                              replicates: options.replicates, seed: seed &+ 1,
                                                              cost: cost)))
            }
        }
        return GroupTraining(group: group, target: options.target, holdout: holdout, candidates: scores, chosen: chosen,
                             validationLabels: trainLabels, test: (testLabels, testScores), classifier: classifier,
                             thresholds: thresholds, rows: rows, screenSecondsPerVector: measured)
    }
}

/// The study's other experiment: one model per score, each thresholded at TPR 0.95, an image predicted valid
/// when all five pass, compared with the direct `valid` model on the same rows.
public struct AllScoresComparison: Sendable {
    /// One predictor on one split.
    public struct Row: Sendable {
        /// `direct youden`, `direct target-tpr=0.95` or `all five scores at target-tpr=0.95`.
        public let predictor: String
        /// `validation` (out-of-fold) or `test`.
        public let split: String
        /// Counts and speed-up against `valid`.
        public let evaluation: SplitEvaluation
    }

    /// The group.
    public let group: String
    /// The rows.
    public let rows: [Row]

    /// Trains the five score models on the direct model's split and compares.
    public init(_ dataset: LatentDataset, direct: GroupTraining, options: LatentTrainingOptions) throws(LearningError) {
        group = direct.group
        var validationPass = [Bool](repeating: true, count: direct.validationLabels.count)
        var testPass = [Bool](repeating: true, count: direct.test.labels.count)
        for score in LatentDataset.scoreNames {
            var scoreOptions = options
            scoreOptions.target = score
            let training = try LatentTraining.train(dataset, group: direct.group, options: scoreOptions, holdout: direct.holdout)
            guard let threshold = training.thresholds.first(where: { $0.strategy == "target-tpr=0.95" })?.threshold else {
                throw .invalidParameter("no TPR 0.95 threshold for \(score) in group \(direct.group)")
            }
            for index in validationPass.indices where training.chosen.outOfFold[index] < threshold { validationPass[index] = false }
            for index in testPass.indices where training.test.scores[index] < threshold { testPass[index] = false }
        }
        func rows(_ name: String, threshold: Double?) -> [Row] {
            var result = [Row(predictor: name, split: "validation",
                              evaluation: SplitEvaluation(labels: direct.validationLabels, scores: direct.chosen.outOfFold,
                                                          threshold: threshold, replicates: options.replicates, seed: options.seed))]
            if !direct.test.labels.isEmpty {
                result.append(Row(predictor: name, split: "test",
                                  evaluation: SplitEvaluation(labels: direct.test.labels, scores: direct.test.scores,
                                                              threshold: threshold, replicates: options.replicates, seed: options.seed)))
            }
            return result
        }
        var all = rows("direct youden", threshold: direct.thresholds.first { $0.strategy == "youden" }?.threshold ?? nil)
        all += rows("direct target-tpr=0.95", threshold: direct.thresholds.first { $0.strategy == "target-tpr=0.95" }?.threshold ?? nil)
        let combined = "all five scores at target-tpr=0.95"
        all.append(Row(predictor: combined, split: "validation",
                       evaluation: SplitEvaluation(labels: direct.validationLabels, scores: validationPass.map { $0 ? 1 : 0 },
                                                   threshold: 0.5, replicates: options.replicates, seed: options.seed)))
        if !direct.test.labels.isEmpty {
            all.append(Row(predictor: combined, split: "test",
                           evaluation: SplitEvaluation(labels: direct.test.labels, scores: testPass.map { $0 ? 1 : 0 },
                                                       threshold: 0.5, replicates: options.replicates, seed: options.seed)))
        }
        self.rows = all
    }

    /// `group,predictor,split,tpr,fpr,precision,base_precision,pass_rate,tn,fp,fn,tp,speedup,speedup_low,speedup_high`.
    public static func csv(_ comparisons: [AllScoresComparison]) -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var text = "group,predictor,split,tpr,fpr,precision,base_precision,pass_rate,tn,fp,fn,tp,speedup,speedup_low,speedup_high\n"
        for comparison in comparisons {
            for row in comparison.rows {
                let c = row.evaluation.confusion
                text += CSVField.line([comparison.group, row.predictor, row.split, number(c.recall), number(c.falsePositiveRate),
                                       number(c.precision), number(c.basePrecision), number(c.passRate), String(c.trueNegatives),
                                       String(c.falsePositives), String(c.falseNegatives), String(c.truePositives),
                                       number(row.evaluation.speedup.value), number(row.evaluation.speedup.low),
                                       number(row.evaluation.speedup.high)]) + "\n"
            }
        }
        return text
    }
}
