import Learning
import SymmetryFeatures

/// Settings of a mask filter training run (DESIGN's Contracts: splits, selection, refit, thresholds).
public struct TrainingOptions: Sendable {
    /// Candidates to search.
    public var grid: ParameterGrid
    /// Cross-validation folds.
    public var folds: Int
    /// Share of each class held out as the test split (0 keeps every row for training).
    public var testFraction: Double
    /// Seed of the splits.
    public var seed: UInt64
    /// The strategy whose threshold the model uses by default.
    public var strategy: ThresholdStrategy
    /// Precision-seeking strategies ignore points accepting fewer rows than this.
    public var minAccepted: Int
    /// Threads.
    public var jobs: Int
    /// What ranks the candidates.
    public var metric: SelectionMetric

    /// Options; the defaults are DESIGN's for masks.
    public init(grid: ParameterGrid, folds: Int = 5, testFraction: Double = 0.2, seed: UInt64 = 0,
                strategy: ThresholdStrategy = .weighted(1, 1), minAccepted: Int = 10, jobs: Int = 1,
                metric: SelectionMetric = .rocAUC) {
        self.metric = metric
        self.grid = grid
        self.folds = folds
        self.testFraction = testFraction
        self.seed = seed
        self.strategy = strategy
        self.minAccepted = minAccepted
        self.jobs = jobs
    }

    /// DESIGN's grid for masks: tree depth 1..10, min samples per leaf {1,5,10,20}, gini/entropy; logistic C on
    /// the 7-point log grid, L1/L2, balanced or not.
    public static func defaultGrid(kinds: [String]) -> ParameterGrid {
        ParameterGrid(kinds: kinds, axes: [
            "C": ParameterGrid.logC, "penalty": ["l1", "l2"], "class_weight": ["none", "balanced"],
            "criterion": ["gini", "entropy"], "max_depth": (1...10).map(String.init),
            "min_samples_leaf": ["1", "5", "10", "20"], "min_samples_split": ["2"],
        ])
    }
}

/// Everything a training run found, for the model file and the report.
public struct TrainingResult: Sendable {
    /// The model file content.
    public let model: MaskFilterModel
    /// Every candidate's cross-validation scores, in grid order.
    public let candidates: [CandidateScore]
    /// The chosen candidate.
    public let chosen: CandidateScore
    /// Labels of the training (non-test) rows, aligned with `chosen.outOfFold`.
    public let validationLabels: [Bool]
    /// The chosen candidate's out-of-fold operating points.
    public let validationPoints: [OperatingPoint]
    /// Files, labels and scores of the test split (empty with `testFraction` 0).
    public let test: (files: [String], labels: [Bool], scores: [Double])
    /// The fitted classifier.
    public let classifier: FittedClassifier
}

/// Trains a mask filter: hold out a stratified test split, cross-validate the grid on the rest, choose by the
/// mean fold metric (ROC AUC unless stated), choose thresholds on the chosen candidate's out-of-fold scores, refit it on all non-test rows.
public enum MaskFilterTraining {
    /// Runs the training. `progress` gets the number of cross-validation fits done and their total.
    public static func train(_ set: TrainingSet, options: TrainingOptions, featureSettings: FeatureSettings,
                             toolVersion: String,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) throws(LearningError) -> TrainingResult {
        let holdout = try StratifiedHoldout(set.labels, testFraction: options.testFraction, seed: options.seed)
        let trainData = set.data.selecting(rows: holdout.training)
        let trainLabels = holdout.training.map { set.labels[$0] }
        let folds = try StratifiedKFold(folds: options.folds, seed: options.seed).validationFolds(trainLabels)
        let candidates = try options.grid.candidates()
        guard !candidates.isEmpty else { throw .invalidParameter("the parameter grid is empty") }
        let total = candidates.count * folds.count
        var foldProgress: (@Sendable (Int) -> Void)?
        if let progress {
            foldProgress = { done in progress(done, total) }
        }
        let scores = try CrossValidation.evaluate(candidates, data: trainData, labels: trainLabels, folds: folds,
                                                  jobs: options.jobs, progress: foldProgress)
        guard let chosen = CrossValidation.best(scores, by: options.metric) else {
            throw .invalidParameter("no candidate could be scored (a fold lacks a class)")
        }
        let points = RankingCurves.operatingPoints(labels: trainLabels, scores: chosen.outOfFold)
        let thresholds = StrategyThreshold.choose(StrategyThreshold.strategies(including: options.strategy), from: points,
                                                  minAccepted: options.minAccepted)
        let classifier = try chosen.spec.fit(trainData, trainLabels)
        let testData = set.data.selecting(rows: holdout.test)
        let testLabels = holdout.test.map { set.labels[$0] }
        let testScores = holdout.test.isEmpty ? [] : classifier.probabilities(testData)

        let model = MaskFilterModel(
            format: MaskFilterModel.formatName, version: MaskFilterModel.currentVersion, toolVersion: toolVersion,
            features: SymmetryFeatures.names,
            featureSettings: .init(greyThreshold: Int(featureSettings.threshold), dilationRadius: featureSettings.dilationRadius),
            classifier: ClassifierRecord(classifier, spec: chosen.spec),
            strategy: options.strategy.description,
            threshold: thresholds.first { $0.strategy == options.strategy.description }?.threshold,
            thresholds: thresholds,
            training: .init(rows: trainLabels.count, positives: trainLabels.filter { $0 }.count,
                            testRows: testLabels.count, folds: options.folds, seed: options.seed,
                            cvAucMean: chosen.meanAUC,
                            cvAucPooled: RankingCurves.rocAUC(labels: trainLabels, scores: chosen.outOfFold),
                            testAuc: holdout.test.isEmpty ? nil : RankingCurves.rocAUC(labels: testLabels, scores: testScores)))
        return TrainingResult(model: model, candidates: scores, chosen: chosen, validationLabels: trainLabels,
                              validationPoints: points,
                              test: (holdout.test.map { set.files[$0] }, testLabels, testScores), classifier: classifier)
    }
}
