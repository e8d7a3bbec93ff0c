import Learning

/// What a training run on a set of labels uses, and what it says of its choices: `train` and `pipeline` make one
/// and print its notes, so that the pipeline trains what `train` would on the same labels.
///
/// - Labels short of a class are refused first (`MaskFilterTraining.refuseTooFewOfAClass`), before anything is said.
/// - Below `TrainingOptions.fewLabels` labelled masks no test split is held out unless one is asked for, and the
///   threshold strategy is `TrainingOptions.fewLabelsStrategy` unless one is asked for.
/// - When no model is named (`modelsNamed` false) and the labels are few (`RealismPrior.isFewLabels`), the models
///   are the few-label ones (`TrainingOptions.init(prior:unlabelled:...)`): anchored on the label-free score the
///   labels rank best, self-trained on the unlabelled masks, beside the challenger's trees. Otherwise `grid`.
public struct TrainingChoice: Sendable {
    /// The options to train with.
    public let options: TrainingOptions
    /// What was chosen and why, in the order a run says it (without the `note: ` a command puts before each).
    public let notes: [String]

    /// The choice for `set`, whose features are `columns` (in model order). `grid` is the models named, or the
    /// default ones (`TrainingOptions.defaultModels`) when `modelsNamed` is false; a `testFraction` or `strategy`
    /// given is used as it is.
    public init(for set: TrainingSet, columns: [String], grid: ParameterGrid, modelsNamed: Bool,
                folds: Int = TrainingOptions.defaultFolds, testFraction: Double? = nil, seed: UInt64 = 0,
                strategy: ThresholdStrategy? = nil, minAccepted: Int = ModelSelection.defaultMinAccepted, jobs: Int = 1,
                metric: SelectionMetric = ModelSelection.defaultMetric) throws(LearningError) {
        try MaskFilterTraining.refuseTooFewOfAClass(set.labels)
        let rows = set.labels.count
        var notes: [String] = []
        let heldOut = TrainingOptions.testFraction(requested: testFraction, rows: rows)
        if testFraction == nil && heldOut == 0 {
            notes.append("\(rows) labelled masks, fewer than \(TrainingOptions.fewLabels): no test split is held out (every label "
                + "trains; the cross-validation figures are the estimates); --test-fraction sets one")
        }
        let chosenStrategy = TrainingOptions.strategy(requested: strategy, rows: rows)
        TrainingOptions.strategyNote(requested: strategy, rows: rows).map { notes.append($0) }
        let options: TrainingOptions
        if !modelsNamed && RealismPrior.isFewLabels(rows, features: columns) {
            let prior = RealismPrior.forDefaultModels(rows: rows, features: columns)?.checked(on: set, testFraction: heldOut, seed: seed)
            notes.append(prior?.note(rows: rows, pool: set.unlabelled.rows) ?? RealismPrior.noteWithoutScore(rows: rows))
            options = TrainingOptions(prior: prior, unlabelled: set.unlabelled, folds: folds, testFraction: heldOut, seed: seed,
                                      strategy: chosenStrategy, minAccepted: minAccepted, jobs: jobs, metric: metric)
        } else {
            options = try TrainingOptions(grid: grid, folds: folds, testFraction: heldOut, seed: seed, strategy: chosenStrategy,
                                          minAccepted: minAccepted, jobs: jobs, metric: metric)
        }
        if options.expectedThresholds {
            notes.append("thresholds chosen on the outcomes expected over all \(rows + set.unlabelled.rows) measured masks of the table "
                + "(the \(set.unlabelled.rows) unlabelled ones counted good with the model's probability), not on the \(rows) labelled ones alone")
        }
        self.options = options
        self.notes = notes
    }
}
