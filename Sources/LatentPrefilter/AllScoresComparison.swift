import Learning
import Matrices

/// The study's other experiment: one model per score, each thresholded at TPR 0.95, an image predicted valid
/// when all five pass, compared with the direct `valid` model on the same rows.
public struct AllScoresComparison: Sendable {
    /// One predictor on one split.
    public struct Row: Sendable {
        /// `direct youden`, `direct target-tpr=0.95` or `all five scores at target-tpr=0.95`.
        public let predictor: String
        /// `validation` (out-of-fold) or `test`.
        public let split: String
        /// Counts and speed-up against `valid`.
        public let evaluation: SplitEvaluation
    }

    /// The group.
    public let group: String
    /// The rows.
    public let rows: [Row]

    /// Trains the five score models on the direct model's split and compares.
    public init(_ dataset: LatentDataset, direct: GroupTraining, options: LatentTrainingOptions,
                screenSeconds: (FittedClassifier, Matrix) -> Double) throws(LearningError) {
        group = direct.group
        let chosen = direct.selection
        var validationPass = [Bool](repeating: true, count: chosen.validationLabels.count)
        var testPass = [Bool](repeating: true, count: chosen.testLabels.count)
        for score in LatentDataset.scoreNames {
            var scoreOptions = options
            scoreOptions.target = score
            let training = try LatentTraining.train(dataset, group: direct.group, options: scoreOptions, holdout: chosen.holdout,
                                                   screenSeconds: screenSeconds).selection
            guard let threshold = training.thresholds.first(where: { $0.strategy == .targetTPR(0.95) })?.threshold else {
                throw .invalidParameter("no TPR 0.95 threshold for \(score) in group \(direct.group)")
            }
            for index in validationPass.indices where training.chosen.outOfFold[index] < threshold { validationPass[index] = false }
            for index in testPass.indices where training.testScores[index] < threshold { testPass[index] = false }
        }
        func rows(_ name: String, threshold: Double?) -> [Row] {
            var result = [Row(predictor: name, split: "validation",
                              evaluation: SplitEvaluation(labels: chosen.validationLabels, scores: chosen.chosen.outOfFold,
                                                          threshold: threshold, replicates: options.replicates, seed: options.selection.seed))]
            if !chosen.testLabels.isEmpty {
                result.append(Row(predictor: name, split: "test",
                                  evaluation: SplitEvaluation(labels: chosen.testLabels, scores: chosen.testScores,
                                                              threshold: threshold, replicates: options.replicates, seed: options.selection.seed)))
            }
            return result
        }
        var all = rows("direct youden", threshold: chosen.thresholds.first { $0.strategy == .youden }?.threshold ?? nil)
        all += rows("direct target-tpr=0.95", threshold: chosen.thresholds.first { $0.strategy == .targetTPR(0.95) }?.threshold ?? nil)
        let combined = "all five scores at target-tpr=0.95"
        all.append(Row(predictor: combined, split: "validation",
                       evaluation: SplitEvaluation(labels: chosen.validationLabels, scores: validationPass.map { $0 ? 1 : 0 },
                                                   threshold: 0.5, replicates: options.replicates, seed: options.selection.seed)))
        if !chosen.testLabels.isEmpty {
            all.append(Row(predictor: combined, split: "test",
                           evaluation: SplitEvaluation(labels: chosen.testLabels, scores: testPass.map { $0 ? 1 : 0 },
                                                       threshold: 0.5, replicates: options.replicates, seed: options.selection.seed)))
        }
        self.rows = all
    }
}
