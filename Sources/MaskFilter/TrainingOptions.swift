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
