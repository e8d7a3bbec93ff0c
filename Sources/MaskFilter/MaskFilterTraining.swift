import Learning
import MaskFeatures
import Matrices

/// Settings of a mask filter training run (the design's Contracts: splits, selection, refit, thresholds).
public struct TrainingOptions: Sendable {
    /// The catalogue grid, splits, strategy and threads of the selection.
    public var selection: ModelSelection
    /// Bootstrap replicates of the intervals in `thresholds.csv`.
    public var replicates: Int
    /// Whether the thresholds are chosen on the operating points expected over every measured mask of the
    /// table, the unlabelled ones counted good with the model's probability (`RankingCurves.expectedOperatingPoints`),
    /// rather than on the labelled rows' out-of-fold scores alone. A few dozen labels chosen near the label-free
    /// threshold (`label suggest`) are no sample of the masks to filter, and a threshold placed on them alone
    /// cuts too high or too low; it needs a model whose scores are probabilities (a `RealismPrior`'s).
    public var expectedThresholds = false
    /// Units per mask of the expected operating points' counts.
    public static let expectedResolution = 1000

    /// Options over the candidates of `grid`; the defaults are the design's for masks (5 folds, a fifth held out,
    /// Youden's threshold, ranked by mean fold ROC AUC).
    public init(grid: ParameterGrid, folds: Int = TrainingOptions.defaultFolds, testFraction: Double = TrainingOptions.defaultTestFraction,
                seed: UInt64 = 0, strategy: ThresholdStrategy = ModelSelection.defaultStrategy,
                minAccepted: Int = ModelSelection.defaultMinAccepted, jobs: Int = 1, metric: SelectionMetric = ModelSelection.defaultMetric,
                replicates: Int = ModelSelection.defaultReplicates) throws(LearningError) {
        self.init(candidates: try grid.candidates(seed: seed), folds: folds, testFraction: testFraction, seed: seed, strategy: strategy,
                  minAccepted: minAccepted, jobs: jobs, metric: metric, replicates: replicates)
    }

    /// Options over `candidates` (say a `RealismPrior`'s), otherwise as `init(grid:...)`.
    public init(candidates: [ClassifierSpec], folds: Int = TrainingOptions.defaultFolds,
                testFraction: Double = TrainingOptions.defaultTestFraction, seed: UInt64 = 0,
                strategy: ThresholdStrategy = ModelSelection.defaultStrategy, minAccepted: Int = ModelSelection.defaultMinAccepted,
                jobs: Int = 1, metric: SelectionMetric = ModelSelection.defaultMetric,
                replicates: Int = ModelSelection.defaultReplicates) {
        selection = ModelSelection(candidates: candidates, folds: folds, testFraction: testFraction, seed: seed,
                                   strategy: strategy, minAccepted: minAccepted, metric: metric, jobs: jobs)
        // A few dozen labels (`label suggest`) may hold fewer good masks than folds: use fewer folds, and say so.
        selection.adaptsFolds = true
        self.replicates = replicates
    }

    /// Options for a few labels under `prior`: while it `holds`, its candidates, self-trained on `unlabelled` when
    /// there are enough (`RealismPrior.candidates(unlabelled:seed:)`), preferred over its `challenger` unless that
    /// beats them by more than the standard error of the difference; when the labels dropped it, or the table has
    /// no label-free score to hold one (nil), the challenger alone. The folds are dealt `fewLabelsRepeats` times.
    /// Thresholds are chosen on the outcomes expected over the unlabelled rows too when there are any, by
    /// `fewLabelsStrategy` unless told otherwise. Otherwise as `init(candidates:...)`.
    public init(prior: RealismPrior?, unlabelled: Matrix, folds: Int = TrainingOptions.defaultFolds, testFraction: Double,
                seed: UInt64 = 0, strategy: ThresholdStrategy = TrainingOptions.fewLabelsStrategy,
                minAccepted: Int = ModelSelection.defaultMinAccepted, jobs: Int = 1, metric: SelectionMetric = ModelSelection.defaultMetric,
                replicates: Int = ModelSelection.defaultReplicates) {
        let holds = prior?.holds ?? false
        let candidates = RealismPrior.fewLabelCandidates(prior, unlabelled: unlabelled, seed: seed)
        self.init(candidates: candidates + (holds ? [RealismPrior.challenger(seed: seed)] : []), folds: folds,
                  testFraction: testFraction, seed: seed, strategy: strategy, minAccepted: minAccepted, jobs: jobs, metric: metric,
                  replicates: replicates)
        selection.preferred = holds ? candidates.count : 0
        selection.repeats = Self.fewLabelsRepeats
        expectedThresholds = unlabelled.rows > 0
    }
}

extension TrainingOptions {
    /// Below this many labelled rows no test split is held out unless one is asked for: with a few dozen
    /// labels (`label suggest`) every label is worth more in training, and the cross-validation estimates stand in.
    public static let fewLabels = 100
    /// The design's test share.
    public static let defaultTestFraction = 0.2
    /// The design's cross-validation folds for masks.
    public static let defaultFolds = 5
    /// The models searched when none are named (and no `RealismPrior` applies): logistic regression and the tree.
    public static let defaultModels = "both"

    /// The test share for `rows` labelled rows: `requested` when given, else the default, or 0 below `fewLabels`.
    public static func testFraction(requested: Double?, rows: Int) -> Double {
        requested ?? (rows < fewLabels ? 0 : defaultTestFraction)
    }

    /// How many times a few-label run deals its rows into folds (`ModelSelection.repeats`). On a few dozen labels
    /// one dealing decides between the prior's models and the forest about as often as the labels do, so that the
    /// same labels under another `--seed` gave another model: on 50 labels of the second generator's place rule
    /// (`Benchmarks/stress_label_rules.py`), where the choice is the forest's, a split's test ROC AUC moved between
    /// seeds by a standard deviation of 0.014, and by 0.0075 with 5 dealings and forests of `RealismPrior.forestTrees`
    /// trees (`docs/few-labels.md`). scikit-learn's `RepeatedStratifiedKFold` deals 10; 5 keep a run on 50 labels to seconds.
    public static let fewLabelsRepeats = 5

    /// The threshold strategy below `fewLabels` labelled rows: a bad mask accepted counts 1.5 times a good one
    /// rejected. A ranking learnt from a few dozen labels is less sure than one learnt from hundreds, so at
    /// Youden's threshold it lets more bad masks through for each good one; this one keeps the filter about as
    /// pure as one trained on hundreds of labels, at the cost of some good masks (`Benchmarks/few_labels_bench.py`).
    public static let fewLabelsStrategy = ThresholdStrategy.weighted(1, 1.5)

    /// The threshold strategy for `rows` labelled rows: `requested` when given, else `fewLabelsStrategy` below
    /// `fewLabels`, else the design's default (Youden's).
    public static func strategy(requested: ThresholdStrategy?, rows: Int) -> ThresholdStrategy {
        requested ?? (rows < fewLabels ? fewLabelsStrategy : ModelSelection.defaultStrategy)
    }

    /// What `strategy(requested:rows:)` chose and why, when it is not the design's default; nil otherwise.
    public static func strategyNote(requested: ThresholdStrategy?, rows: Int) -> String? {
        let chosen = strategy(requested: requested, rows: rows)
        guard requested == nil, chosen != ModelSelection.defaultStrategy else { return nil }
        var weighing = ""
        if case .weighted(let good, let bad) = chosen, good > 0 {
            weighing = ", which counts a bad mask accepted \(bad / good) times a good one rejected"
        }
        return "\(rows) labelled masks, fewer than \(fewLabels): the threshold strategy is \(chosen)\(weighing); a ranking learnt from so "
            + "few labels lets more bad masks through at \(ModelSelection.defaultStrategy)'s threshold than one learnt from hundreds. "
            + "The model stores \(ModelSelection.defaultStrategy)'s threshold too (filter --strategy \(ModelSelection.defaultStrategy)); "
            + "train --strategy chooses another"
    }
}

/// Everything a training run found, for the model file and the report.
public struct TrainingResult: Sendable {
    /// The model file content.
    public let model: MaskFilterModel
    /// The model selection (holdout indices count rows of the training set).
    public let selection: SelectedModel
    /// Every stored threshold on validation and test, with intervals (`thresholds.csv`).
    public let rows: [SelectedModel.ThresholdRow]
    /// The files of the test split, aligned with `selection.testLabels`.
    public let testFiles: [String]
    /// The files of the non-test rows, aligned with `selection.validationLabels`.
    public let validationFiles: [String]
}

/// Trains a mask filter with `ModelSelection` (the design's Contracts: splits, selection, refit, thresholds) and
/// records the settings the features were measured with.
public enum MaskFilterTraining {
    /// Refuses labels that hold fewer than 2 masks of a class, which no cross-validation can train on, with what
    /// to label next. `TrainingChoice` asks it first, so that nothing is said of a model that will not be trained.
    public static func refuseTooFewOfAClass(_ labels: [Bool]) throws(LearningError) {
        let good = labels.filter { $0 }.count, bad = labels.count - good
        guard min(good, bad) < 2 else { return }
        let (count, name) = good < 2 ? (good, "good") : (bad, "bad")
        throw .invalidParameter("the \(labels.count) labels hold \(count) \(name) mask\(count == 1 ? "" : "s"): cross-validation "
            + "needs at least 2 of each class; label more \(name) masks (`label suggest --labels` asks about the masks the labels so far "
            + "are least sure of, and masks typical of every region)")
    }

    /// Runs the training. `progress` gets the number of cross-validation fits done and their total.
    public static func train(_ set: TrainingSet, options: TrainingOptions, featureSettings: FeatureTableSettings,
                             toolVersion: String,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws(LearningError) -> TrainingResult {
        let settings = options.selection
        if settings.adaptsFolds { try refuseTooFewOfAClass(set.labels) }
        let selection = try settings.run(data: set.data, labels: set.labels, progress: progress)
        let trainLabels = selection.validationLabels
        var thresholds = selection.thresholds
        var threshold = selection.threshold
        if options.expectedThresholds && set.unlabelled.rows > 0 && selection.chosen.spec.scoresAreProbabilities {
            let scores = selection.classifier.scores(set.unlabelled).filter { $0.isFinite }
            let points = RankingCurves.expectedOperatingPoints(
                labels: trainLabels, scores: selection.chosen.outOfFold, unlabelledScores: scores, probabilities: scores,
                resolution: TrainingOptions.expectedResolution)
            let expected = StrategyThreshold.choose(StrategyThreshold.strategies(including: settings.strategy), from: points,
                                                    minAccepted: settings.minAccepted * TrainingOptions.expectedResolution)
            if let value = expected.first(where: { $0.strategy == settings.strategy })?.threshold {
                thresholds = expected
                threshold = value
            }
        }
        // The model file records the settings under its own version.
        var featureSettings = featureSettings
        featureSettings.toolVersion = toolVersion
        let model = MaskFilterModel(
            format: MaskFilterModel.formatName, version: MaskFilterModel.currentVersion, toolVersion: toolVersion,
            features: featureSettings.columns,
            featureSettings: featureSettings,
            classifier: ClassifierRecord(selection.classifier, spec: selection.chosen.spec),
            strategy: settings.strategy,
            threshold: threshold,
            thresholds: thresholds,
            training: .init(rows: trainLabels.count, positives: trainLabels.filter { $0 }.count,
                            testRows: selection.testLabels.count, folds: selection.folds, seed: settings.seed,
                            cvAucMean: selection.chosen.meanAUC,
                            cvAucPooled: RankingCurves.rocAUC(labels: trainLabels, scores: selection.chosen.outOfFold),
                            testAuc: selection.testLabels.isEmpty ? nil
                                : RankingCurves.rocAUC(labels: selection.testLabels, scores: selection.testScores)))
        return TrainingResult(model: model, selection: selection,
                              rows: SelectedModel.thresholdRows(thresholds, validation: (trainLabels, selection.chosen.outOfFold),
                                                                test: (selection.testLabels, selection.testScores),
                                                                replicates: options.replicates, seed: settings.seed),
                              testFiles: selection.holdout.test.map { set.files[$0] },
                              validationFiles: selection.holdout.training.map { set.files[$0] })
    }
}
