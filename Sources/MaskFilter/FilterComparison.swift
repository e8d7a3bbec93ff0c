import Learning

/// The labelled filter and the label-free one side by side on the same held-out masks (the labelled filter's
/// test split, which it never trained on): how well each one's score ranks good above bad (ROC AUC), what
/// each accepts, and the bad:good before and after.
public struct FilterComparison: Sendable {
    /// One filter on the held-out masks.
    public struct Row: Equatable, Sendable {
        /// Which filter, for people.
        public let filter: String
        /// Its decisions against the labels: positive = good, accepted = predicted good.
        public let counts: ConfusionMatrix
        /// ROC AUC of its score (the model's probability; the best aligned Dice); nil with one class.
        public let rocAUC: Double?
        /// The threshold on its score: the model's, or for the label-free filter the lowest score it accepted of
        /// all its decisions (its threshold in effect: a decisions file does not state one); nil when it accepts
        /// nothing.
        public let threshold: Double?
        /// The 95% bootstrap interval of the bad masks accepted per good one (precision's interval mapped
        /// bound for bound: (1 - p) / p), the same seeded resampling as `thresholds.csv`; nil bounds when
        /// undefined.
        public let badPerGoodInterval: (low: Double?, high: Double?)

        /// Equal in every field, the interval's bounds compared one by one (a tuple is not `Equatable`).
        public static func == (a: Row, b: Row) -> Bool {
            a.filter == b.filter && a.counts == b.counts && a.rocAUC == b.rocAUC && a.threshold == b.threshold
                && a.badPerGoodInterval.low == b.badPerGoodInterval.low
                && a.badPerGoodInterval.high == b.badPerGoodInterval.high
        }

        /// A row of `filter` whose `accepted` decisions on masks of `labels` (true = good) give `counts`.
        init(filter: String, labels: [Bool], accepted: [Bool], rocAUC: Double?, threshold: Double?) {
            self.filter = filter
            self.threshold = threshold
            let evaluation = SplitEvaluation(labels: labels, scores: accepted.map { $0 ? 1 : 0 }, threshold: 1)
            counts = evaluation.confusion
            self.rocAUC = rocAUC
            func badPerGood(_ precision: Double?) -> Double? {
                precision.flatMap { $0 > 0 ? (1 - $0) / $0 : nil }
            }
            badPerGoodInterval = (badPerGood(evaluation.precision.high), badPerGood(evaluation.precision.low))
        }

        /// Good and bad before and among the accepted, with the bad per good of each.
        public var badShare: BadShare { BadShare(counts) }
    }

    /// The labelled filter first, then the label-free one.
    public let rows: [Row]
    /// Held-out masks the label-free filter could not decide (unreadable): left out of its row
    /// and named here, never dropped silently.
    public let undecided: [String]
    /// The label-free filter's score with thresholds chosen by the labels the labelled filter had: every
    /// default strategy chosen on the non-test masks and applied to the test split (what a few labels could
    /// do for a score that needs none), for a threshold chooser of its own.
    public let otherThresholds: [SelectedModel.ThresholdRow]
    /// The label-free score's operating points on the non-test masks (its ROC curve there).
    public let otherValidationPoints: [OperatingPoint]
    /// The label-free score's trade-off over every labelled mask: at each threshold, the share accepted and
    /// the operating point (bad per good is `falsePositives / truePositives`).
    public let otherTradeoff: [OperatingPoint]

    /// Compares `training`'s model at its threshold with the label-free `referenceDecisions` (any order, one per
    /// file; `probability` the best aligned Dice, nil for an empty mask) on `training`'s test split.
    public init(training: TrainingResult, labelled: String, referenceDecisions: [FilterDecision], labelFree: String) {
        let selection = training.selection
        // Without a threshold the strategy found no operating point, and the model accepts nothing.
        let threshold = training.model.threshold ?? .infinity
        var rows = [Row(filter: labelled, labels: selection.testLabels, accepted: selection.testScores.map { $0 >= threshold },
                        rocAUC: RankingCurves.rocAUC(labels: selection.testLabels, scores: selection.testScores),
                        threshold: training.model.threshold)]
        let byFile = Dictionary(referenceDecisions.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        var labels: [Bool] = [], scores: [Double] = [], accepted: [Bool] = [], undecided: [String] = []
        for (file, label) in zip(training.testFiles, selection.testLabels) {
            guard let decision = byFile[file], decision.decision != .error else {
                undecided.append(file)
                continue
            }
            labels.append(label)
            scores.append(decision.probability ?? -.infinity)
            accepted.append(decision.decision == .accept)
        }
        let lowestAccepted = referenceDecisions.compactMap { $0.decision == .accept ? $0.probability : nil }.filter(\.isFinite).min()
        rows.append(Row(filter: labelFree, labels: labels, accepted: accepted, rocAUC: RankingCurves.rocAUC(labels: labels, scores: scores),
                        threshold: lowestAccepted))
        self.rows = rows
        self.undecided = undecided
        // A mask the label-free filter could not decide, or left without a score (empty), ranks below every score.
        let scored = referenceDecisions.compactMap { $0.decision == .error ? nil : $0.probability }.filter(\.isFinite)
        let floor = (scored.min() ?? 0) - 1
        let score = { (file: String) in byFile[file].flatMap { $0.decision == .error ? nil : $0.probability } ?? floor }
        let validation = (labels: training.selection.validationLabels, scores: training.validationFiles.map(score))
        otherValidationPoints = RankingCurves.operatingPoints(labels: validation.labels, scores: validation.scores)
        otherTradeoff = RankingCurves.operatingPoints(labels: validation.labels + training.selection.testLabels,
                                                      scores: validation.scores + training.testFiles.map(score))
        let options = training.model.training
        otherThresholds = SelectedModel.thresholdRows(
            StrategyThreshold.choose(ThresholdStrategy.defaults, from: otherValidationPoints, minAccepted: ModelSelection.defaultMinAccepted),
            validation: validation, test: (training.selection.testLabels, training.testFiles.map(score)),
            replicates: ModelSelection.defaultReplicates, seed: options.seed)
    }

    /// `training`'s model (named by its kind and parameters) beside the `other` filter's decisions, named `otherName`.
    public init(_ training: TrainingResult, other: [FilterDecision], otherName: String) {
        let model = training.model.classifier
        self.init(training: training, labelled: "with labels: \(model.kind) (\(model.parameters))", referenceDecisions: other,
                  labelFree: otherName)
    }
}
