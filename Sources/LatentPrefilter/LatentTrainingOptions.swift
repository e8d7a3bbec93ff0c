import Learning

/// Settings of `latent train`: the model selection each group runs, and what only latents have.
public struct LatentTrainingOptions: Sendable {
    /// Candidates, splits, strategy and threads of each group's selection.
    public var selection: ModelSelection
    /// `valid`, another 0/1 column, or a score name (the target is then `score > 0`).
    public var target: String
    /// Add `|z|^2` as an input (a linear model cannot express it from z).
    public var addNorm: Bool
    /// Bootstrap replicates of the speed-up intervals.
    public var replicates: Int
    /// Seconds to generate one image; with it, thresholds also get the speed-up with screening cost.
    public var generationSeconds: Double?
    /// Seconds to screen one vector; nil uses the time measured on the group's model.
    public var screenSeconds: Double?
    /// The prior the vectors were drawn from, recorded in the model for `latent sample`; nil when unknown.
    public var latentDistribution: LatentDistribution?
    /// Whether each group's held-out vectors are projected on their principal components (`projection.csv`,
    /// for a report); without a report nobody reads them, and the projection costs a covariance of every vector.
    public var projects = true

    /// Options; defaults are the design's for latents (3 folds, a tenth held out, Youden's threshold).
    public init(candidates: [ClassifierSpec], target: String = LatentTrainingOptions.defaultTarget, folds: Int = LatentTrainingOptions.defaultFolds,
                testFraction: Double = LatentTrainingOptions.defaultTestFraction, seed: UInt64 = 0,
                strategy: ThresholdStrategy = ModelSelection.defaultStrategy, minAccepted: Int = ModelSelection.defaultMinAccepted,
                addNorm: Bool = false, replicates: Int = ModelSelection.defaultReplicates, generationSeconds: Double? = nil, screenSeconds: Double? = nil,
                latentDistribution: LatentDistribution? = nil, jobs: Int = 1) {
        selection = ModelSelection(candidates: candidates, folds: folds, testFraction: testFraction, seed: seed, strategy: strategy,
                                   minAccepted: minAccepted, jobs: jobs)
        self.target = target
        self.addNorm = addNorm
        self.replicates = replicates
        self.generationSeconds = generationSeconds
        self.screenSeconds = screenSeconds
        self.latentDistribution = latentDistribution
    }
}

extension LatentTrainingOptions {
    /// The design's cross-validation folds for latents.
    public static let defaultFolds = 3
    /// The design's test share for latents.
    public static let defaultTestFraction = 0.1

    /// The column a prefilter predicts unless told another: `valid`, whether the image passed every check.
    public static let defaultTarget = "valid"
    /// The models `latent train` and the study compare unless told others (`ModelCatalogue` names): the logistic
    /// regression and the truncation trick's ranking, the design's baseline.
    public static let defaultModels = "logreg,truncation"

    /// The `--target` that asks for the study's comparison of one model per score beside a prefilter of `valid`.
    public static let allScores = "all"

    /// What a run trains for the requested `target`: the column the prefilter predicts (`valid` for `all`),
    /// and whether the run adds the comparison of one model per score.
    public static func target(requested target: String) -> (trained: String, comparesAllScores: Bool) {
        target == allScores ? (defaultTarget, true) : (target, false)
    }
}
