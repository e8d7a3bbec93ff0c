import Matrices

/// the design's model selection, one routine for the mask filter and the latent prefilter: hold out a stratified
/// test split, cross-validate every candidate on the rest (stratified k-fold, repeated when `repeats` > 1), rank by the mean fold metric,
/// choose every strategy's threshold on the chosen candidate's out-of-fold scores, refit it on all non-test
/// rows and score the test split.
public struct ModelSelection: Sendable {
    /// The candidates, in the order ties are broken (the first wins).
    public var candidates: [ClassifierSpec]
    /// Cross-validation folds.
    public var folds: Int
    /// Share of each class held out as the test split (0 keeps every row for training).
    public var testFraction: Double
    /// Seed of the splits.
    public var seed: UInt64
    /// The strategy whose threshold the model uses by default (the default strategies are always chosen too).
    public var strategy: ThresholdStrategy
    /// Precision-seeking strategies ignore points accepting fewer rows than this.
    public var minAccepted: Int
    /// What ranks the candidates.
    public var metric: SelectionMetric
    /// Threads; results do not depend on it.
    public var jobs: Int
    /// Whether fewer folds are used when a class has fewer training rows than `folds` (at least 2): for a few
    /// dozen labels. Off, such data are an error.
    public var adaptsFolds = false
    /// How many of the first candidates are a prior's (`CrossValidation.best(_:by:preferring:)`): another is
    /// chosen only when it beats the best of them by more than the standard error of the difference. 0: the best
    /// mean wins.
    public var preferred = 0
    /// How many times the rows are dealt into folds (repeated stratified k-fold), the candidates ranked by their
    /// mean over every run's folds: on a few dozen rows one dealing decides the model as much as the labels do.
    public var repeats = 1

    /// The design's strategy: Youden's J.
    public static let defaultStrategy = ThresholdStrategy.youden
    /// Precision-seeking strategies ignore operating points accepting fewer rows than this.
    public static let defaultMinAccepted = 10
    /// What ranks the candidates by default.
    public static let defaultMetric = SelectionMetric.rocAUC
    /// Bootstrap replicates of every interval, by default.
    public static let defaultReplicates = 2000
    /// The bootstrap replicates a command may be asked for: fewer than 100 leave too few beyond a 95% interval's
    /// ends to place them; a million take a fifth of a second and 55 MB (`latent speedup`), and more would only
    /// take time and memory (about 38 bytes each).
    public static let replicatesRange = 100...1_000_000

    /// A selection; the defaults are the design's, except the test share and folds, which the caller states.
    public init(candidates: [ClassifierSpec], folds: Int, testFraction: Double, seed: UInt64 = 0,
                strategy: ThresholdStrategy = ModelSelection.defaultStrategy, minAccepted: Int = ModelSelection.defaultMinAccepted,
                metric: SelectionMetric = ModelSelection.defaultMetric, jobs: Int = 1) {
        self.candidates = candidates
        self.folds = folds
        self.testFraction = testFraction
        self.seed = seed
        self.strategy = strategy
        self.minAccepted = minAccepted
        self.metric = metric
        self.jobs = jobs
    }

    /// Runs the selection on `data` and `labels`. `holdout` reuses a split of these rows (to compare models of
    /// other targets on the same test rows); `progress` gets the cross-validation fits done and their total.
    public func run(data: Matrix, labels: [Bool], holdout given: StratifiedHoldout? = nil,
                    progress: (@Sendable (Int, Int) -> Void)? = nil) throws(LearningError) -> SelectedModel {
        guard !candidates.isEmpty else { throw .invalidParameter("there is no candidate model to select from") }
        let holdout: StratifiedHoldout
        if let given {
            holdout = given
        } else {
            holdout = try StratifiedHoldout(labels, testFraction: testFraction, seed: seed)
        }
        let trainData = data.selecting(rows: holdout.training)
        let trainLabels = holdout.training.map { labels[$0] }
        let smallestClass = min(trainLabels.filter { $0 }.count, trainLabels.filter { !$0 }.count)
        let usedFolds = adaptsFolds && smallestClass < folds ? max(2, smallestClass) : folds
        let validationFolds = try StratifiedKFold(folds: usedFolds, seed: seed).validationFolds(trainLabels, repeats: repeats)
        let total = candidates.count * validationFolds.count
        var foldProgress: (@Sendable (Int) -> Void)?
        if let progress {
            foldProgress = { done in progress(done, total) }
        }
        let scores = try CrossValidation.evaluate(candidates, data: trainData, labels: trainLabels, folds: validationFolds,
                                                  repeats: repeats, jobs: jobs, progress: foldProgress)
        guard let chosen = CrossValidation.best(scores, by: metric, preferring: preferred) else {
            throw .invalidParameter("no candidate could be scored (a fold lacks a class)")
        }
        let points = RankingCurves.operatingPoints(labels: trainLabels, scores: chosen.outOfFold)
        let thresholds = StrategyThreshold.choose(StrategyThreshold.strategies(including: strategy), from: points,
                                                  minAccepted: minAccepted)
        // A model without the chosen strategy's threshold cannot filter by default; one whose scores rank
        // nothing (C=1e308, a leaf larger than the data, a smoothing that swamps every variance) is degenerate.
        // Either is refused here, before the refit, and never written.
        guard let threshold = thresholds.first(where: { $0.strategy == strategy })?.threshold else {
            let constant = Set(chosen.outOfFold).count <= 1
            let auc = RankingCurves.rocAUC(labels: trainLabels, scores: chosen.outOfFold)
            let chance = auc.map { $0 <= 0.5 } ?? false
            throw .invalidParameter("the chosen model (\(chosen.spec.kind), \(chosen.spec.parameters)) found no \(strategy) threshold"
                + (constant ? ": it gives every row the same score, so its parameters are degenerate for these data (choose others)"
                    : " on the out-of-fold scores" + (auc.map { ", whose ROC AUC is \(($0 * 1000).rounded() / 1000)" } ?? "")
                        + (chance ? ": held out, it ranks the labelled rows no better than chance (label more rows, or check the labels)"
                            : " (choose another strategy)")))
        }
        let classifier = try chosen.spec.fit(trainData, trainLabels)
        let testLabels = holdout.test.map { labels[$0] }
        let testScores = holdout.test.isEmpty ? [] : classifier.scores(data.selecting(rows: holdout.test))
        return SelectedModel(holdout: holdout, folds: usedFolds, metric: metric, preferred: preferred, candidates: scores, chosen: chosen,
                             validationLabels: trainLabels,
                             validationPoints: points, thresholds: thresholds,
                             threshold: threshold,
                             classifier: classifier, testLabels: testLabels, testScores: testScores)
    }
}

/// What a model selection found.
public struct SelectedModel: Sendable {
    /// The split of the rows (indices into the rows given).
    public let holdout: StratifiedHoldout
    /// The cross-validation folds used (fewer than asked for when `adaptsFolds` met a small class).
    public let folds: Int
    /// The metric the candidates were ranked by.
    public let metric: SelectionMetric
    /// How many leading candidates were preferred unless beaten by a standard error (0: the best mean won).
    public let preferred: Int
    /// Every candidate's cross-validation, in candidate order.
    public let candidates: [CandidateScore]
    /// The chosen candidate.
    public let chosen: CandidateScore
    /// Labels of the non-test rows, aligned with `chosen.outOfFold`.
    public let validationLabels: [Bool]
    /// The chosen candidate's out-of-fold operating points.
    public let validationPoints: [OperatingPoint]
    /// The threshold of every default strategy and the selection's own.
    public let thresholds: [StrategyThreshold]
    /// The selection's strategy's threshold; nil when it found none.
    public let threshold: Double?
    /// The chosen candidate refitted on all non-test rows.
    public let classifier: FittedClassifier
    /// Labels of the test split (empty with test fraction 0).
    public let testLabels: [Bool]
    /// The refitted model's scores of the test split.
    public let testScores: [Double]

    /// One threshold on one split, for `thresholds.csv`.
    public struct ThresholdRow: Sendable {
        /// The strategy.
        public let strategy: ThresholdStrategy
        /// `validation` (out-of-fold) or `test`.
        public let split: String
        /// The threshold (chosen on validation, applied to both splits); nil when the strategy found none.
        public let threshold: Double?
        /// Counts, precision and speed-up at the threshold, with 95% bootstrap intervals.
        public let evaluation: SplitEvaluation
    }

    /// Every stored threshold evaluated on validation (out-of-fold scores) and test, with `replicates` bootstrap
    /// replicates seeded from `seed` per strategy; `cost` adds the speed-up with screening cost.
    public func thresholdRows(replicates: Int, seed: UInt64, cost: ScreeningCost? = nil) -> [ThresholdRow] {
        Self.thresholdRows(thresholds, validation: (validationLabels, chosen.outOfFold), test: (testLabels, testScores),
                           replicates: replicates, seed: seed, cost: cost)
    }

    /// `thresholds` evaluated on the `validation` scores and on the `test` scores (left out when empty), as a
    /// selection's are: for a model's scores, or for a score that needs no fitting (a label-free filter's,
    /// whose thresholds a few labels choose).
    public static func thresholdRows(_ thresholds: [StrategyThreshold], validation: (labels: [Bool], scores: [Double]),
                                     test: (labels: [Bool], scores: [Double]), replicates: Int, seed: UInt64,
                                     cost: ScreeningCost? = nil) -> [ThresholdRow] {
        var rows: [ThresholdRow] = []
        for (index, stored) in thresholds.enumerated() {
            let seed = seed &+ UInt64(index) &* 7919
            rows.append(ThresholdRow(strategy: stored.strategy, split: "validation", threshold: stored.threshold,
                                     evaluation: SplitEvaluation(labels: validation.labels, scores: validation.scores,
                                                                 threshold: stored.threshold, replicates: replicates, seed: seed,
                                                                 cost: cost)))
            if !test.labels.isEmpty {
                rows.append(ThresholdRow(strategy: stored.strategy, split: "test", threshold: stored.threshold,
                                         evaluation: SplitEvaluation(labels: test.labels, scores: test.scores,
                                                                     threshold: stored.threshold, replicates: replicates,
                                                                     seed: seed &+ 1, cost: cost)))
            }
        }
        return rows
    }
}
