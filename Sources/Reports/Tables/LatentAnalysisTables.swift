import FileIO
import LatentPrefilter

/// The study's tables of a latent dataset (`latent analyze --report DIR`): score statistics, correlations and
/// the valid share per group.
public enum LatentAnalysisTables {
    /// The columns of `valid_share.csv`.
    public enum ShareColumn: String, CaseIterable, Sendable {
        case group, records, valid, share
    }

    /// The files `write` puts in its folder.
    public static let fileNames = [ReportSchema.Latent.scoreStatistics, ReportSchema.Latent.correlations,
                                   ReportSchema.Latent.validShare, ReportSchema.Latent.issues]

    /// Writes the three tables and `issues.csv` into `folder` (created if missing), each atomically; returns the
    /// names written (`fileNames`).
    @discardableResult
    public static func write(_ analysis: LatentAnalysis, issues: [DatasetIssue], to folder: String) throws(OutputError) -> [String] {
        try AtomicFile.createFolder(folder)
        let prefix = FolderPath.prefix(folder)
        try AtomicFile.write(Array(statistics(analysis).utf8), to: prefix + ReportSchema.Latent.scoreStatistics)
        try AtomicFile.write(Array(correlations(analysis).utf8), to: prefix + ReportSchema.Latent.correlations)
        try AtomicFile.write(Array(validShare(analysis).utf8), to: prefix + ReportSchema.Latent.validShare)
        try AtomicFile.write(Array(IssueTable.csv(issues).utf8), to: prefix + ReportSchema.Latent.issues)
        return fileNames
    }

    /// `score_statistics.csv`: `score,count,mean,std,min,25%,50%,75%,max`, as pandas' `describe`.
    public static func statistics(_ analysis: LatentAnalysis) -> String {
        var text = "score,count,mean,std,min,25%,50%,75%,max\n"
        for s in analysis.scores {
            text += CSVField.line([s.name, String(s.count), "\(s.mean)", "\(s.std)", "\(s.min)", "\(s.q1)", "\(s.median)",
                                   "\(s.q3)", "\(s.max)"]) + "\n"
        }
        return text
    }

    /// `correlations.csv`: the correlation matrix of `valid` and the scores, blank where undefined.
    public static func correlations(_ analysis: LatentAnalysis) -> String {
        var text = CSVField.line([""] + analysis.correlationNames) + "\n"
        for (name, row) in zip(analysis.correlationNames, analysis.correlations) {
            text += CSVField.line([name] + row.map { $0.map { "\($0)" } ?? "" }) + "\n"
        }
        return text
    }

    /// `valid_share.csv`: records, valid records and their share per group.
    public static func validShare(_ analysis: LatentAnalysis) -> String {
        var text = CSVField.line(ShareColumn.allCases.map(\.rawValue)) + "\n"
        for g in analysis.groups { text += CSVField.line([g.group, String(g.records), String(g.valid), "\(g.share)"]) + "\n" }
        return text
    }
}
