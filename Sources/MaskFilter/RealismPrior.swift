import Learning
import Matrices

/// Training on a few dozen labels with a prior toward the label-free ranking: a logistic regression whose
/// coefficient on the label-free score (`ReferenceFilter.Score.standard`, what `filter --reference` ranks by) is not penalised,
/// while the other features' coefficients are shrunk toward 0 by the L2 penalty.
///
/// With a strong penalty (small `C`) the model ranks masks as the label-free score does and the labels set only
/// its scale and offset; with a weak one the other features correct that ranking where the labels show it errs.
/// The penalty is fixed (`C` = 1, `strength`), not chosen by cross-validation: on a few dozen labels each fold
/// holds a handful of masks, the fold means of neighbouring `C`s differ by less than their noise, and the `C`
/// that wins is chosen as much for its luck as for its merit (Varoquaux 2018, "Cross-validation failure: small
/// sample sizes lead to large error bars"). Cross-validation still chooses between unweighted and balanced
/// classes, and gives the estimates. On 50 labels this ranks held-out masks far better than the full grid,
/// which must learn from nothing, and better than a `C` chosen over 1e-3 … 1e3 (README).
///
/// With unlabelled masks in the table each candidate is self-trained on them (`SelfTraining`): the regression
/// pseudo-labels the masks it ranks highest and lowest, a forest learns from those and the labels, and the
/// score is the mean of both. The forest follows rules no straight boundary does (shape criteria).
///
/// A prior can be wrong: a label rule about something the label-free score does not see (lung area within
/// limits, say) is one no anchored regression ranks well, and its pseudo-labels mislead the forest too. So a
/// `challenger`, a random forest on the labels alone, is cross-validated beside the anchored candidates and
/// chosen only when its mean fold score beats the best of theirs by more than the standard error of the
/// difference (`CrossValidation.best(_:by:preferring:)`).
public struct RealismPrior: Sendable, Equatable {
    /// The column whose ranking the prior trusts: the label-free filter's default score.
    public static let column = ReferenceFilter.Score.standard.column

    /// The prior is the default below this many labelled rows (`TrainingOptions.fewLabels`).
    public static let maximumRows = TrainingOptions.fewLabels

    /// The inverse strength of the penalty on the other features: scikit-learn's default, on standardised
    /// features. `label suggest` asks about the masks a regression of this strength is unsure of.
    public static let strength = 1.0

    /// The index of `column` among the model's features.
    public let columnIndex: Int

    /// The prior on a table with `features` (in model order); nil when it has no `column`.
    public init?(features: [String]) {
        guard let index = features.firstIndex(of: Self.column) else { return nil }
        columnIndex = index
    }

    /// The prior a training run on `rows` labelled masks uses when the models are the default ones: nil at
    /// `maximumRows` or more, or when the table has no `column`.
    public static func forDefaultModels(rows: Int, features: [String]) -> RealismPrior? {
        rows < maximumRows ? RealismPrior(features: features) : nil
    }

    /// The candidates: standardised L2 logistic regressions of `C` = `strength`, `column` unpenalised, without
    /// and with balanced class weights.
    public var candidates: [ClassifierSpec] {
        ClassWeight.allCases.map { weight in
            ClassifierSpec(StandardisedClassifier(LogisticRegression(C: Self.strength, penalty: .l2, classWeight: weight,
                                                                     unpenalized: [columnIndex])))
        }
    }

    /// The candidates for a table whose unlabelled rows are `pool`: `candidates`, each self-trained on the pool
    /// (`SelfTraining`, its forest seeded with `seed`) when it holds at least `SelfTraining.minimumPool` rows.
    public func candidates(unlabelled pool: Matrix, seed: UInt64) -> [ClassifierSpec] {
        guard Self.selfTrains(pool: pool.rows) else { return candidates }
        return candidates.map { ClassifierSpec(SelfTraining(base: $0, pool: pool, seed: seed)) }
    }

    /// The model the labels must clearly prefer to overturn the prior: a random forest of 100 trees seeded with
    /// `seed`, fitted on the labels alone, which bends to any rule on any feature and trusts no ranking.
    public static func challenger(seed: UInt64) -> ClassifierSpec {
        ClassifierSpec(RandomForest(trees: 100, seed: seed))
    }

    /// Whether a table of `pool` unlabelled rows self-trains.
    public static func selfTrains(pool: Int) -> Bool { pool >= SelfTraining.minimumPool }

    /// What a training run says it did, for `rows` labelled masks and `pool` unlabelled ones.
    public func note(rows: Int, pool: Int) -> String {
        "\(rows) labelled masks, fewer than \(Self.maximumRows): the models are logistic regressions anchored on \(Self.column) "
            + "(its coefficient unpenalised, the other features' shrunk toward 0 at C=\(Self.strength); "
            + "cross-validation chooses between unweighted and balanced classes), "
            + "a prior toward the label-free ranking"
            + (Self.selfTrains(pool: pool)
                ? ", each self-trained on " + (pool > SelfTraining.maximumPool ? "\(SelfTraining.maximumPool) (drawn by the seed) of " : "")
                    + "the \(pool) unlabelled masks (the \(Int(SelfTraining.share * 100))% it ranks highest labelled good "
                    + "and the \(Int(SelfTraining.share * 100))% lowest bad, a random forest fitted on those and the labels; "
                    + "the score is the mean of both models' probabilities)"
                : "")
            + "; a random forest on the labels alone replaces them only when its cross-validated score beats theirs by more than "
            + "the standard error of the difference; --model chooses others"
    }
}
