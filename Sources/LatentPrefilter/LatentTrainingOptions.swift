import Learning

/// Settings of `latent train`.
public struct LatentTrainingOptions: Sendable {
    /// Candidate models (each group picks its best by mean fold ROC AUC).
    public var candidates: [ClassifierSpec]
    /// `valid`, another 0/1 column, or a score name (the target is then `score > 0`).
    public var target: String
    /// Cross-validation folds.
    public var folds: Int
    /// Share of each class held out per group.
    public var testFraction: Double
    /// Seed of splits and bootstrap.
    public var seed: UInt64
    /// The strategy whose threshold the model uses by default.
    public var strategy: ThresholdStrategy
    /// Precision-seeking strategies ignore points accepting fewer vectors than this.
    public var minAccepted: Int
    /// Add `|z|^2` as an input (a linear model cannot express it from z).
    public var addNorm: Bool
    /// Bootstrap replicates of the speed-up intervals.
    public var replicates: Int
    /// Seconds to generate one image; with it, thresholds also get the speed-up with screening cost.
    public var generationSeconds: Double?
    /// Seconds to screen one vector; nil uses the time measured on the group's model.
    public var screenSeconds: Double?
    /// Threads.
    public var jobs: Int

    /// Options; defaults are DESIGN's for latents.
    public init(candidates: [ClassifierSpec], target: String = "valid", folds: Int = 3, testFraction: Double = 0.1,
                seed: UInt64 = 0, strategy: ThresholdStrategy = .weighted(1, 1), minAccepted: Int = 10,
                addNorm: Bool = false, replicates: Int = 2000, generationSeconds: Double? = nil, screenSeconds: Double? = nil,
                jobs: Int = 1) {
        self.candidates = candidates
        self.target = target
        self.folds = folds
        self.testFraction = testFraction
        self.seed = seed
        self.strategy = strategy
        self.minAccepted = minAccepted
        self.addNorm = addNorm
        self.replicates = replicates
        self.generationSeconds = generationSeconds
        self.screenSeconds = screenSeconds
        self.jobs = jobs
    }
}
