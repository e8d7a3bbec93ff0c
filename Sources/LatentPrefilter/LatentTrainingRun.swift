import Learning
import Matrices

/// One `latent train` job as a value: which groups of a dataset to train, with which options, and whether to
/// add the study's all-scores comparison. The command line builds it from its arguments and `pipeline` from
/// its own; both run it the same way.
public struct LatentTrainingRun: Sendable {
    /// Why a run cannot start: named by concept (the command line maps them to its options).
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The dataset has no such target column.
        case unknownTarget(String, available: [String])
        /// The study's comparison needs `valid` and the five scores.
        case noStudyColumns(available: [String])
        /// A group to train has no records.
        case unknownGroup(String, available: [String])

        /// What is wrong.
        public var description: String {
            switch self {
            case .unknownTarget(let target, let available):
                return "no 0/1 column or score named \(target) (targets it has: \(available.joined(separator: ", ")))"
            case .noStudyColumns(let available):
                return "not valid and the five scores (targets it has: \(available.joined(separator: ", ")))"
            case .unknownGroup(let group, let available):
                return "no records of group '\(group)' (groups: \(available.joined(separator: ", ")))"
            }
        }
    }

    /// The dataset.
    public let dataset: LatentDataset
    /// The groups to train, in order.
    public let groups: [String]
    /// The training options (target, candidates, splits, strategy, ...).
    public let options: LatentTrainingOptions
    /// Whether to add the study's comparison with one model per score (`--target all`).
    public let comparesAllScores: Bool

    /// A run over `groups` (every group when nil); throws when the target or a group is not in the dataset.
    public init(dataset: LatentDataset, groups: [String]?, options: LatentTrainingOptions,
                comparesAllScores: Bool = false) throws(Problem) {
        if comparesAllScores {
            guard dataset.hasStudyColumns else { throw .noStudyColumns(available: dataset.targetNames) }
        } else if dataset.labels(options.target) == nil {
            throw .unknownTarget(options.target, available: dataset.targetNames)
        }
        let selected = groups ?? dataset.groupNames
        for group in selected where !dataset.groupNames.contains(group) {
            throw .unknownGroup(group, available: dataset.groupNames)
        }
        self.dataset = dataset
        self.groups = selected
        self.options = options
        self.comparesAllScores = comparesAllScores
    }

    /// What happened to one group, as the run goes.
    public enum Event: Sendable {
        /// The group was trained in `seconds`.
        case trained(GroupTraining, seconds: Double)
        /// The group could not be trained (too few positives for the folds, say); the others go on.
        case skipped(group: String, LearningError)
        /// The group's all-scores comparison could not be made.
        case comparisonSkipped(group: String, LearningError)
    }

    /// Trains every group, then (when asked) compares with the all-scores models. `screenSeconds` measures
    /// the screening cost of a fitted model on rows (the command line passes
    /// `LatentScreening.secondsPerVector`); `seconds` reads a clock. Measured times come in through these,
    /// so the run itself is deterministic.
    public func run(screenSeconds: (FittedClassifier, Matrix) -> Double, seconds: () -> Double,
                    events: (Event) -> Void = { _ in }) -> LatentTrainingOutcome {
        var trainings: [GroupTraining] = []
        var trainSeconds: [Double] = []
        var failures = 0
        for group in groups {
            let start = seconds()
            do {
                let training = try LatentTraining.train(dataset, group: group, options: options, screenSeconds: screenSeconds)
                trainings.append(training)
                trainSeconds.append(seconds() - start)
                events(.trained(training, seconds: trainSeconds[trainSeconds.count - 1]))
            } catch {
                failures += 1
                events(.skipped(group: group, error))
            }
        }
        var comparisons: [AllScoresComparison] = []
        if comparesAllScores {
            for training in trainings {
                do {
                    comparisons.append(try AllScoresComparison(dataset, direct: training, options: options, screenSeconds: screenSeconds))
                } catch {
                    failures += 1
                    events(.comparisonSkipped(group: training.group, error))
                }
            }
        }
        return LatentTrainingOutcome(trainings: trainings, trainSeconds: trainSeconds, comparisons: comparisons, failures: failures)
    }
}

/// What a `LatentTrainingRun` produced.
public struct LatentTrainingOutcome: Sendable {
    /// The trained groups, in run order.
    public let trainings: [GroupTraining]
    /// Seconds each training took (aligned with `trainings`).
    public let trainSeconds: [Double]
    /// The all-scores comparisons, when asked for.
    public let comparisons: [AllScoresComparison]
    /// Groups skipped and comparisons not made.
    public let failures: Int
}
