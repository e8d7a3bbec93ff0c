import FileIO
import LatentPrefilter
import Learning

/// The report files of `latent train`: `model_comparison.csv`, `thresholds.csv`, `roc_*.csv`, `pr_*.csv`,
/// `projection.csv`.
public enum LatentTrainingReport {
    /// The columns of `model_comparison.csv`.
    public enum ComparisonColumn: String, CaseIterable, Sendable {
        case group, target, model, params
        case rocAUC = "roc_auc", precisionAtHalf = "precision_at_0_5"
    }

    /// The fixed names of the files `write`, `timings` and `latent train` put in a report folder (besides the
    /// per-group `roc_*.csv` and `pr_*.csv`).
    public static let fileNames = [ReportSchema.Latent.modelComparison, ReportSchema.Latent.thresholds, ReportSchema.Latent.timings,
                                   ReportSchema.Latent.issues, ReportSchema.Latent.allScores, ReportSchema.Latent.projection]

    /// The columns of `projection.csv`: each group's held-out vectors on the first two principal components of
    /// its training vectors (`LatentProjection`), their outcome (1 good) and whether the prefilter keeps them (1).
    public enum ProjectionColumn: String, CaseIterable, Sendable {
        case group, target, pc1, pc2, outcome, kept
    }

    /// `projection.csv` of `trainings`.
    public static func projection(_ trainings: [GroupTraining]) -> String {
        var text = CSVField.line(ProjectionColumn.allCases.map(\.rawValue)) + "\n"
        for training in trainings {
            for point in training.projection?.points ?? [] {
                text += CSVField.line([training.group, training.target, "\(point.x)", "\(point.y)", point.good ? "1" : "0",
                                       point.kept ? "1" : "0"]) + "\n"
            }
        }
        return text
    }

    /// `group,target,model,params,roc_auc,precision_at_0_5`: every candidate's mean fold AUC, and its mean fold
    /// precision at 0.5 (blank for scores that are not probabilities, or when nothing passes 0.5).
    public static func modelComparison(_ trainings: [GroupTraining]) -> String {
        var text = CSVField.line(ComparisonColumn.allCases.map(\.rawValue)) + "\n"
        for training in trainings {
            for score in training.selection.candidates {
                let precision = score.spec.scoresAreProbabilities ? score.meanAtHalf(\.precision).map { "\($0)" } ?? "" : ""
                text += CSVField.line([training.group, training.target, score.spec.kind, score.spec.parameters,
                                       "\(score.meanAUC)", precision]) + "\n"
            }
        }
        return text
    }

    /// the design's `thresholds.csv`: `ThresholdTable` with the group and target of each training.
    public static func thresholds(_ trainings: [GroupTraining]) -> String {
        ThresholdTable.csv(trainings.map { ([.group: $0.group, .target: $0.target], $0.rows) }, leading: ThresholdTable.leadingColumns)
    }

    /// Out-of-fold ROC points of the chosen model, first row `inf`.
    public static func roc(_ training: GroupTraining) -> String {
        CurveTable.roc(RankingCurves.operatingPoints(labels: training.selection.validationLabels, scores: training.selection.chosen.outOfFold))
    }

    /// Out-of-fold precision-recall curve of the chosen model; the final (1, 0) point has a blank threshold.
    public static func precisionRecall(_ training: GroupTraining) -> String {
        CurveTable.precisionRecall(labels: training.selection.validationLabels, scores: training.selection.chosen.outOfFold)
    }

    /// `timings.json`: per group the training time and the measured screening cost per vector.
    struct Timings: Encodable {
        struct Group: Encodable {
            var group: String
            var trainSeconds: Double
            var screenSecondsPerVector: Double
        }

        var groups: [Group]
    }

    /// The content of `timings.json`.
    static func timings(_ trainings: [GroupTraining], trainSeconds: [Double]) -> Timings {
        Timings(groups: zip(trainings, trainSeconds).map { training, seconds in
            Timings.Group(group: training.group, trainSeconds: seconds, screenSecondsPerVector: training.screenSecondsPerVector)
        })
    }

    /// Writes every report file of a run into `folder`: `write(_:to:)`'s, `timings.json`, `issues.csv` (the
    /// dataset's rows left out) and, with comparisons, `all_scores.csv`; returns the names written.
    @discardableResult
    public static func write(_ outcome: LatentTrainingOutcome, issues: [DatasetIssue], to folder: String) throws(OutputError) -> [String] {
        var written = try write(outcome.trainings, to: folder)
        let prefix = FolderPath.prefix(folder)
        try JSONFile.write(timings(outcome.trainings, trainSeconds: outcome.trainSeconds), to: prefix + ReportSchema.Latent.timings)
        try AtomicFile.write(Array(IssueTable.csv(issues).utf8), to: prefix + ReportSchema.Latent.issues)
        written += [ReportSchema.Latent.timings, ReportSchema.Latent.issues]
        if !outcome.comparisons.isEmpty {
            try AtomicFile.write(Array(AllScoresTable.csv(outcome.comparisons).utf8), to: prefix + ReportSchema.Latent.allScores)
            written.append(ReportSchema.Latent.allScores)
        }
        return written
    }

    /// Writes every report file into `folder`; returns the names written, a curve of each group among them.
    @discardableResult
    public static func write(_ trainings: [GroupTraining], to folder: String) throws(OutputError) -> [String] {
        try AtomicFile.createFolder(folder)
        let prefix = FolderPath.prefix(folder)
        try AtomicFile.write(Array(modelComparison(trainings).utf8), to: prefix + ReportSchema.Latent.modelComparison)
        try AtomicFile.write(Array(thresholds(trainings).utf8), to: prefix + ReportSchema.Latent.thresholds)
        try AtomicFile.write(Array(projection(trainings).utf8), to: prefix + ReportSchema.Latent.projection)
        var written = [ReportSchema.Latent.modelComparison, ReportSchema.Latent.thresholds, ReportSchema.Latent.projection]
        for training in trainings {
            let curves = [ReportSchema.Latent.roc(group: training.group, target: training.target),
                          ReportSchema.Latent.precisionRecall(group: training.group, target: training.target)]
            try AtomicFile.write(Array(roc(training).utf8), to: prefix + curves[0])
            try AtomicFile.write(Array(precisionRecall(training).utf8), to: prefix + curves[1])
            written += curves
        }
        return written
    }
}
