import FileIO
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
}

/// One group's training: the model selection and how every threshold does on each split.
public struct GroupTraining: Sendable {
    /// The group.
    public let group: String
    /// The target column.
    public let target: String
    /// The selection on the group's records (holdout indices count within the group, in dataset order).
    public let selection: SelectedModel
    /// Every threshold on both splits, with speed-up intervals.
    public let rows: [SelectedModel.ThresholdRow]
    /// Measured seconds to score one vector with the chosen model (the screen's cost C).
    public let screenSecondsPerVector: Double
}

/// Trains one prefilter per group with `ModelSelection` on the group's records (z, and `|z|^2` with
/// `addNorm`), then measures the chosen model's screening cost and evaluates every threshold on both splits.
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
    /// compared on the same test rows), else a stratified split of this target is drawn. `screenSeconds`
    /// measures the chosen model's screening cost on the training rows (unless the options state it).
    public static func train(_ dataset: LatentDataset, group: String, options: LatentTrainingOptions,
                             holdout: StratifiedHoldout? = nil,
                             screenSeconds: (FittedClassifier, Matrix) -> Double) throws(LearningError) -> GroupTraining {
        guard let allLabels = dataset.labels(options.target) else {
            throw .invalidParameter("the dataset has no target '\(options.target)' (it has \(dataset.targetNames.joined(separator: ", ")))")
        }
        let members = dataset.groups.indices.filter { dataset.groups[$0] == group }
        guard !members.isEmpty else { throw .invalidParameter("no records of group '\(group)'") }
        let data = inputs(dataset, rows: members, addNorm: options.addNorm)
        let selection = try ModelSelection(candidates: options.candidates, folds: options.folds, testFraction: options.testFraction,
                                           seed: options.seed, strategy: options.strategy, minAccepted: options.minAccepted,
                                           jobs: options.jobs)
            .run(data: data, labels: members.map { allLabels[$0] }, holdout: holdout)
        let measured = screenSeconds(selection.classifier, data.selecting(rows: selection.holdout.training))
        let cost = options.generationSeconds.map {
            ScreeningCost(generationSeconds: $0, screenSeconds: options.screenSeconds ?? measured)
        }
        return GroupTraining(group: group, target: options.target, selection: selection,
                             rows: selection.thresholdRows(replicates: options.replicates, seed: options.seed, cost: cost),
                             screenSecondsPerVector: measured)
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
    public init(_ dataset: LatentDataset, direct: GroupTraining, options: LatentTrainingOptions,
                screenSeconds: (FittedClassifier, Matrix) -> Double) throws(LearningError) {
        group = direct.group
        let chosen = direct.selection
        var validationPass = [Bool](repeating: true, count: chosen.validationLabels.count)
        var testPass = [Bool](repeating: true, count: chosen.testLabels.count)
        for score in LatentDataset.scoreNames {
            var scoreOptions = options
            scoreOptions.target = score
            let training = try LatentTraining.train(dataset, group: direct.group, options: scoreOptions, holdout: chosen.holdout,
                                                   screenSeconds: screenSeconds).selection
            guard let threshold = training.thresholds.first(where: { $0.strategy == "target-tpr=0.95" })?.threshold else {
                throw .invalidParameter("no TPR 0.95 threshold for \(score) in group \(direct.group)")
            }
            for index in validationPass.indices where training.chosen.outOfFold[index] < threshold { validationPass[index] = false }
            for index in testPass.indices where training.testScores[index] < threshold { testPass[index] = false }
        }
        func rows(_ name: String, threshold: Double?) -> [Row] {
            var result = [Row(predictor: name, split: "validation",
                              evaluation: SplitEvaluation(labels: chosen.validationLabels, scores: chosen.chosen.outOfFold,
                                                          threshold: threshold, replicates: options.replicates, seed: options.seed))]
            if !chosen.testLabels.isEmpty {
                result.append(Row(predictor: name, split: "test",
                                  evaluation: SplitEvaluation(labels: chosen.testLabels, scores: chosen.testScores,
                                                              threshold: threshold, replicates: options.replicates, seed: options.seed)))
            }
            return result
        }
        var all = rows("direct youden", threshold: chosen.thresholds.first { $0.strategy == "youden" }?.threshold ?? nil)
        all += rows("direct target-tpr=0.95", threshold: chosen.thresholds.first { $0.strategy == "target-tpr=0.95" }?.threshold ?? nil)
        let combined = "all five scores at target-tpr=0.95"
        all.append(Row(predictor: combined, split: "validation",
                       evaluation: SplitEvaluation(labels: chosen.validationLabels, scores: validationPass.map { $0 ? 1 : 0 },
                                                   threshold: 0.5, replicates: options.replicates, seed: options.seed)))
        if !chosen.testLabels.isEmpty {
            all.append(Row(predictor: combined, split: "test",
                           evaluation: SplitEvaluation(labels: chosen.testLabels, scores: testPass.map { $0 ? 1 : 0 },
                                                       threshold: 0.5, replicates: options.replicates, seed: options.seed)))
        }
        self.rows = all
    }
}
