/// How one candidate did in cross-validation.
public struct CandidateScore: Sendable {
    /// The candidate.
    public let spec: ClassifierSpec
    /// ROC AUC of each validation fold.
    public let foldAUC: [Double]
    /// Average precision of each validation fold.
    public let foldAveragePrecision: [Double]
    /// The out-of-fold probability of every row (each row scored by the model that did not see it).
    public let outOfFold: [Double]
    /// Confusion matrix of each fold at `score >= 0.5`.
    public let foldConfusion: [ConfusionMatrix]
    /// How many times the rows were dealt into folds (repeated k-fold): the fold values are `repeats` runs of
    /// `foldAUC.count / repeats` folds each, and `outOfFold` is the first run's.
    public let repeats: Int

    /// A candidate's scores over `repeats` runs of k-fold (1: plain k-fold).
    public init(spec: ClassifierSpec, foldAUC: [Double], foldAveragePrecision: [Double], outOfFold: [Double],
                foldConfusion: [ConfusionMatrix], repeats: Int = 1) {
        self.spec = spec
        self.foldAUC = foldAUC
        self.foldAveragePrecision = foldAveragePrecision
        self.outOfFold = outOfFold
        self.foldConfusion = foldConfusion
        self.repeats = max(1, repeats)
    }

    /// Mean of the fold AUCs: what candidates are ranked by (as scikit-learn's GridSearchCV).
    public var meanAUC: Double { foldAUC.reduce(0, +) / Double(foldAUC.count) }
    /// Population standard deviation of the fold AUCs (as `std_test_score`).
    public var stdAUC: Double {
        let mean = meanAUC
        return (foldAUC.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(foldAUC.count)).squareRoot()
    }

    /// The mean over folds of `metric`; nil when it is undefined on every fold.
    public func mean(of metric: SelectionMetric) -> Double? {
        switch metric {
        case .rocAUC: return meanAUC.isNaN ? nil : meanAUC
        case .averagePrecision:
            let values = foldAveragePrecision.filter { !$0.isNaN }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        case .accuracy: return meanAtHalf(\.accuracy)
        case .f1: return meanAtHalf(\.f1)
        }
    }

    /// The standard error of `mean(of:)`: the population standard deviation of the folds' values (as
    /// `std_test_score`, the report's `std_auc`) over the square root of their count; nil when no fold defines it.
    /// Over repeated k-fold the count is that of one run's folds, as if the repeats added nothing: the runs share
    /// their rows, no estimate of what they add is unbiased (Bengio and Grandvalet 2004), and this errs toward a
    /// prior (`CrossValidation.best(_:by:preferring:)`). The repeats steady the mean, not the noise it is judged by.
    public func standardError(of metric: SelectionMetric) -> Double? {
        let values: [Double]
        switch metric {
        case .rocAUC: values = foldAUC.filter { !$0.isNaN }
        case .averagePrecision: values = foldAveragePrecision.filter { !$0.isNaN }
        case .accuracy: values = foldConfusion.compactMap(\.accuracy)
        case .f1: values = foldConfusion.compactMap(\.f1)
        }
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (variance / max(1, Double(values.count) / Double(repeats))).squareRoot()
    }

    /// The mean over folds of a metric at 0.5, over the folds where it is defined; nil when none is.
    public func meanAtHalf(_ metric: (ConfusionMatrix) -> Double?) -> Double? {
        let values = foldConfusion.compactMap(metric)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
