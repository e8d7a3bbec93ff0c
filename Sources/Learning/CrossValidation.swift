import Matrices
import Parallelism

/// Cross-validated scores of many candidates, computed in parallel.
public enum CrossValidation {
    /// Fits every candidate on every training part and scores the held-out fold.
    ///
    /// - Parameters:
    ///   - folds: validation indices per fold (from `StratifiedKFold`): `repeats` runs of k folds, one after the
    ///     other (`StratifiedKFold.validationFolds(_:repeats:)`); the out-of-fold scores are the first run's.
    ///   - jobs: threads to use; results do not depend on it.
    ///   - progress: called with the number of (candidate, fold) fits done.
    public static func evaluate(_ candidates: [ClassifierSpec], data: Matrix, labels: [Bool], folds: [[Int]], repeats: Int = 1, jobs: Int,
                                progress: (@Sendable (Int) -> Void)? = nil) throws(LearningError) -> [CandidateScore] {
        // Candidates behind a scaler share each fold's scaling: its training rows are scaled once, not once each.
        let scaledFolds: [ScaledRows]? = candidates.contains(where: \.standardises)
            ? try ParallelMap.map(count: folds.count, jobs: jobs) { fold throws(LearningError) in
                let training = StratifiedKFold.trainingIndices(count: labels.count, excluding: folds[fold])
                return try ScaledRows(data.selecting(rows: training), training.map { labels[$0] })
            }
            : nil
        let all = try ParallelMap.map(count: candidates.count * folds.count, jobs: jobs, progress: progress) {
            task throws(LearningError) -> [Double] in
            let (candidate, fold) = task.quotientAndRemainder(dividingBy: folds.count)
            if let scaledFolds, let model = try candidates[candidate].fit(scaled: scaledFolds[fold]) {
                return model.scores(data.selecting(rows: folds[fold]))
            }
            let training = StratifiedKFold.trainingIndices(count: labels.count, excluding: folds[fold])
            let model = try candidates[candidate].fit(data.selecting(rows: training), training.map { labels[$0] })
            return model.scores(data.selecting(rows: folds[fold]))
        }
        return candidates.enumerated().map { candidate, spec in
            var outOfFold = [Double](repeating: 0, count: labels.count)
            var foldAUC: [Double] = []
            var foldAveragePrecision: [Double] = []
            var foldConfusion: [ConfusionMatrix] = []
            let firstRun = folds.count / max(1, repeats)
            for (fold, indices) in folds.enumerated() {
                let probabilities = all[candidate * folds.count + fold]
                let foldLabels = indices.map { labels[$0] }
                if fold < firstRun {
                    for (index, probability) in zip(indices, probabilities) { outOfFold[index] = probability }
                }
                foldAUC.append(RankingCurves.rocAUC(labels: foldLabels, scores: probabilities) ?? .nan)
                foldAveragePrecision.append(RankingCurves.averagePrecision(labels: foldLabels, scores: probabilities) ?? .nan)
                foldConfusion.append(ConfusionMatrix(labels: foldLabels, scores: probabilities, threshold: 0.5))
            }
            return CandidateScore(spec: spec, foldAUC: foldAUC, foldAveragePrecision: foldAveragePrecision,
                                  outOfFold: outOfFold, foldConfusion: foldConfusion, repeats: repeats)
        }
    }

    /// The candidate with the highest mean fold value of `metric` (the first on ties).
    public static func best(_ scores: [CandidateScore], by metric: SelectionMetric = .rocAUC) -> CandidateScore? {
        var best: (score: CandidateScore, value: Double)?
        for score in scores {
            guard let value = score.mean(of: metric) else { continue }
            if let current = best, value <= current.value { continue }
            best = (score, value)
        }
        return best?.score
    }
}

extension CrossValidation {
    /// The best candidate when the first `preferred` are a prior's: the best of those, unless the best of the
    /// others beats it by more than the standard error of the difference of their means,
    /// `sqrt(se_prior² + se_other²)` (`CandidateScore.standardError(of:)`, the folds taken as independent, which
    /// errs toward the prior). It is the one-standard-error rule (Breiman et al. 1984; Hastie et al., *The Elements
    /// of Statistical Learning*, 7.10) with the prior's models as the simpler ones: on a few dozen labels the fold
    /// means of two models differ by their noise as often as by their merit, and the prior is overturned only on
    /// clear evidence. With `preferred` 0, or every candidate preferred, it is `best(_:by:)`.
    public static func best(_ scores: [CandidateScore], by metric: SelectionMetric, preferring preferred: Int) -> CandidateScore? {
        let split = min(max(preferred, 0), scores.count)
        guard let prior = best(Array(scores.prefix(split)), by: metric) else { return best(scores, by: metric) }
        guard let other = best(Array(scores.dropFirst(split)), by: metric),
              let priorMean = prior.mean(of: metric), let otherMean = other.mean(of: metric),
              let priorError = prior.standardError(of: metric), let otherError = other.standardError(of: metric) else { return prior }
        return otherMean - priorMean > (priorError * priorError + otherError * otherError).squareRoot() ? other : prior
    }
}
