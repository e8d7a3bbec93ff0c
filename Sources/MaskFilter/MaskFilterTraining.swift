import Learning
import MaskFeatures
import Matrices

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
