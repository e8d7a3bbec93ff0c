import Learning
import MaskFeatures

/// Settings of a mask filter training run (the design's Contracts: splits, selection, refit, thresholds).
public struct TrainingOptions: Sendable {
    /// The catalogue grid, splits, strategy and threads of the selection.
    public var selection: ModelSelection
    /// Bootstrap replicates of the intervals in `thresholds.csv`.
    public var replicates: Int

    /// Options over the candidates of `grid`; the defaults are the design's for masks (5 folds, a fifth held out,
    /// Youden's threshold, ranked by mean fold ROC AUC).
    public init(grid: ParameterGrid, folds: Int = TrainingOptions.defaultFolds, testFraction: Double = TrainingOptions.defaultTestFraction,
                seed: UInt64 = 0, strategy: ThresholdStrategy = ModelSelection.defaultStrategy,
                minAccepted: Int = ModelSelection.defaultMinAccepted, jobs: Int = 1, metric: SelectionMetric = ModelSelection.defaultMetric,
                replicates: Int = ModelSelection.defaultReplicates) throws(LearningError) {
        selection = ModelSelection(candidates: try grid.candidates(seed: seed), folds: folds, testFraction: testFraction, seed: seed,
                                   strategy: strategy, minAccepted: minAccepted, metric: metric, jobs: jobs)
        // A few dozen labels (`label suggest`) may hold fewer good masks than folds: use fewer folds, and say so.
        selection.adaptsFolds = true
        self.replicates = replicates
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

    /// The test share for `rows` labelled rows: `requested` when given, else the default, or 0 below `fewLabels`.
    public static func testFraction(requested: Double?, rows: Int) -> Double {
        requested ?? (rows < fewLabels ? 0 : defaultTestFraction)
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
    /// Runs the training. `progress` gets the number of cross-validation fits done and their total.
    public static func train(_ set: TrainingSet, options: TrainingOptions, featureSettings: FeatureTableSettings,
                             toolVersion: String,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws(LearningError) -> TrainingResult {
        let settings = options.selection
        let selection = try settings.run(data: set.data, labels: set.labels, progress: progress)
        let trainLabels = selection.validationLabels
        // The model file records the settings under its own version.
        var featureSettings = featureSettings
        featureSettings.toolVersion = toolVersion
        let model = MaskFilterModel(
            format: MaskFilterModel.formatName, version: MaskFilterModel.currentVersion, toolVersion: toolVersion,
            features: featureSettings.columns,
            featureSettings: featureSettings,
            classifier: ClassifierRecord(selection.classifier, spec: selection.chosen.spec),
            strategy: settings.strategy,
            threshold: selection.threshold,
            thresholds: selection.thresholds,
            training: .init(rows: trainLabels.count, positives: trainLabels.filter { $0 }.count,
                            testRows: selection.testLabels.count, folds: selection.folds, seed: settings.seed,
                            cvAucMean: selection.chosen.meanAUC,
                            cvAucPooled: RankingCurves.rocAUC(labels: trainLabels, scores: selection.chosen.outOfFold),
                            testAuc: selection.testLabels.isEmpty ? nil
                                : RankingCurves.rocAUC(labels: selection.testLabels, scores: selection.testScores)))
        return TrainingResult(model: model, selection: selection,
                              rows: selection.thresholdRows(replicates: options.replicates, seed: settings.seed),
                              testFiles: selection.holdout.test.map { set.files[$0] },
                              validationFiles: selection.holdout.training.map { set.files[$0] })
    }
}
